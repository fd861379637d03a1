using Dream.Mqtt;

namespace Dream.Soak.Benchmarks;

/// <summary>One MQTT connection publishing, at its share of the total rate, the signed readings of every
/// <c>publishers</c>-th device in turn, one reading per message, QoS 1.</summary>
internal sealed class Publisher : IAsyncDisposable
{
    private const int Window = 256;

    private readonly MqttClient _client;
    private readonly List<SoakDevice> _devices;
    private readonly double _rate;
    private long _published;

    private Publisher(MqttClient client, List<SoakDevice> devices, double rate)
    {
        _client = client;
        _devices = devices;
        _rate = rate;
    }

    public long Published => Interlocked.Read(ref _published);

    public static async Task<Publisher> ConnectAsync(int port, int index, Fleet fleet, SoakOptions options)
    {
        var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = port, ClientId = $"soak-fleet-{index}", ReceiveMaximum = 1000 });
        await client.ConnectAsync();
        var devices = fleet.Devices.Where((_, i) => i % options.Publishers == index).ToList();
        return new Publisher(client, devices, (double)options.Rate / options.Publishers);
    }

    /// <summary>Publishes until <paramref name="stop"/> (or every device's readings are used up), on its own thread.</summary>
    public Task RunAsync(Stopwatch clock, CancellationToken stop) => Task.Run(() => PublishAsync(clock, stop), CancellationToken.None);

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private async Task PublishAsync(Stopwatch clock, CancellationToken stop)
    {
        var pending = new List<Task<MqttPublishResult>>(Window);
        var next = 0;
        while (!stop.IsCancellationRequested)
        {
            var due = (long)(_rate * clock.Elapsed.TotalSeconds);
            if (Published >= due)
            {
                await Task.WhenAll(pending);
                pending.Clear();
                await Task.Delay(2, CancellationToken.None);
                continue;
            }

            var device = _devices[next];
            next = (next + 1) % _devices.Count;
            if (!device.HasNext)
            {
                return;
            }

            var message = device.TakeNext(Stopwatch.GetTimestamp());
            pending.Add(_client.PublishAsync(Topics.Readings(device.Did), message, MqttQualityOfService.AtLeastOnce, retain: false, CancellationToken.None));
            Interlocked.Increment(ref _published);
            if (pending.Count >= Window)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
    }
}
