using System.Collections.Concurrent;
using Dream.Contracts;
using Dream.Crypto;
using Dream.Mqtt;

namespace Dream.Edge.Tests.Fixtures;

/// <summary>
/// Plays the ledger: subscribes to every device's readings, verifies each envelope, de-duplicates by
/// sequence number, checks the hash chain, and answers with a receipt signed by the grid authority.
/// </summary>
public sealed class TestLedger : IAsyncDisposable
{
    private readonly MqttClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<long, SignedReading> _readings = new();
    private readonly List<string> _problems = [];
    private readonly Lock _lock = new();
    private Task? _loop;
    private long _through;

    public TestLedger(int port)
    {
        GridAuthority = Ed25519PrivateKey.Generate();
        _client = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ClientId = "ledger-" + Guid.NewGuid().ToString("N"),
            ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(300),
        });
    }

    public Ed25519PrivateKey GridAuthority { get; }

    /// <summary>When false the ledger stores but sends no receipts.</summary>
    public bool SendReceipts { get; set; } = true;

    public IReadOnlyDictionary<long, SignedReading> Readings => _readings;

    public long Through => Interlocked.Read(ref _through);

    public int Messages { get; private set; }

    public int Duplicates { get; private set; }

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_lock)
            {
                return [.. _problems];
            }
        }
    }

    public async Task StartAsync()
    {
        await _client.ConnectAsync();
        await _client.SubscribeAsync("dream/v1/+/readings", MqttQualityOfService.AtLeastOnce);
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    /// <summary>Waits until readings 1..<paramref name="sequence"/> are all stored.</summary>
    public async Task WaitForThroughAsync(long sequence, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (Through < sequence)
        {
            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"The ledger holds readings through {Through}, not {sequence}. Problems: {string.Join("; ", Problems)}");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _client.DisposeAsync();
        GridAuthority.Dispose();
        _stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        await foreach (var message in _client.Messages.ReadAllAsync(cancellationToken))
        {
            Messages++;
            string? device = null;
            foreach (var envelope in EnvelopeBatch.Parse(message.Payload))
            {
                SignedReading reading;
                try
                {
                    reading = SignedReading.Verify(envelope);
                }
                catch (ContractException e)
                {
                    Problem($"invalid reading: {e.Message}");
                    continue;
                }

                device = reading.Reading.Device;
                if (_readings.TryGetValue(reading.Reading.Sequence, out var existing))
                {
                    Duplicates++;
                    if (existing.Hash != reading.Hash)
                    {
                        Problem($"sequence {reading.Reading.Sequence} arrived twice with different content");
                    }

                    continue;
                }

                _readings[reading.Reading.Sequence] = reading;
            }

            while (_readings.TryGetValue(Through + 1, out var next))
            {
                var expectedPrevious = Through == 0 ? IntervalReading.GenesisHash : _readings[Through].Hash;
                if (next.Reading.PreviousHash != expectedPrevious)
                {
                    Problem($"reading {next.Reading.Sequence} does not chain to {Through}");
                }

                Interlocked.Increment(ref _through);
            }

            if (SendReceipts && device is not null && Through > 0)
            {
                var receipt = new Receipt
                {
                    Device = device,
                    ThroughSequence = Through,
                    ThroughHash = _readings[Through].Hash,
                    LogIndex = Through - 1,
                    IssuedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                };
                try
                {
                    await _client.PublishAsync(Topics.Receipts(device), receipt.Sign(GridAuthority).ToBytes(), MqttQualityOfService.AtLeastOnce, false, cancellationToken);
                }
                catch (MqttNotAcknowledgedException)
                {
                    // The agent resends; the next message brings another receipt.
                }
            }
        }
    }

    private void Problem(string text)
    {
        lock (_lock)
        {
            _problems.Add(text);
        }
    }
}
