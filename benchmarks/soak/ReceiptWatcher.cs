using System.Text;
using Dream.Mqtt;

namespace Dream.Soak.Benchmarks;

/// <summary>Subscribes to every device's receipts (and the broker's drop counter) and times each reading from
/// its publication to the first receipt that covers it.</summary>
internal sealed class ReceiptWatcher(int port, Fleet fleet) : IAsyncDisposable
{
    private const string DroppedTopic = "$SYS/broker/publish/messages/dropped";

    private readonly MqttClient _client = new(new MqttClientOptions { Host = "127.0.0.1", Port = port, ClientId = "soak-receipts", ReceiveMaximum = 65_535, MessageBufferCapacity = 100_000 });
    private readonly List<double> _all = [];
    private readonly object _gate = new();
    private List<double> _window = [];
    private long _receipted;
    private long _dropped;
    private Task? _loop;

    public long Receipted => Interlocked.Read(ref _receipted);

    /// <summary>The broker's own count of messages it dropped ($SYS), as last published.</summary>
    public long BrokerDropped => Interlocked.Read(ref _dropped);

    public async Task StartAsync()
    {
        await _client.ConnectAsync();
        await _client.SubscribeAsync("dream/v1/+/receipts", MqttQualityOfService.AtLeastOnce);
        await _client.SubscribeAsync(DroppedTopic, MqttQualityOfService.AtMostOnce);
        _loop = Task.Run(async () =>
        {
            await foreach (var message in _client.Messages.ReadAllAsync())
            {
                Handle(message);
            }
        });
    }

    /// <summary>The latencies (ms) of the readings receipted since the last call.</summary>
    public List<double> TakeWindow()
    {
        lock (_gate)
        {
            var window = _window;
            _window = [];
            return window;
        }
    }

    public List<double> AllLatenciesMs()
    {
        lock (_gate)
        {
            return [.. _all];
        }
    }

    public async Task<bool> WaitForAllAsync(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (Receipted < fleet.Devices.Sum(d => d.Sent))
        {
            if (clock.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        if (_loop is not null)
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private void Handle(MqttMessage message)
    {
        if (message.Topic == DroppedTopic)
        {
            if (long.TryParse(Encoding.ASCII.GetString(message.Payload.Span), NumberStyles.None, CultureInfo.InvariantCulture, out var dropped))
            {
                Interlocked.Exchange(ref _dropped, dropped);
            }

            return;
        }

        var receipt = Receipt.ParsePayload(SignedEnvelope.Parse(message.Payload).Payload);
        if (!fleet.ByDid.TryGetValue(receipt.Device, out var device) || receipt.ThroughSequence <= device.Receipted)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            for (var s = device.Receipted + 1; s <= receipt.ThroughSequence; s++)
            {
                var latency = Stopwatch.GetElapsedTime(device.PublishedAt(s), now).TotalMilliseconds;
                _window.Add(latency);
                _all.Add(latency);
            }
        }

        Interlocked.Add(ref _receipted, receipt.ThroughSequence - device.Receipted);
        device.Receipted = receipt.ThroughSequence;
    }
}
