using System.Collections.Concurrent;
using Dream.Contracts;
using Dream.Crypto;
using Dream.Mqtt;

namespace Dream.Testing;

/// <summary>
/// Plays the ledger: subscribes to every device's readings, verifies each envelope, de-duplicates by
/// sequence number, checks the hash chain, and answers with a dream.receipt/2 signed by the grid authority
/// (the contiguous tip, the gaps above it, the refusals). It can lose a reading on its way (as an overflowing
/// broker queue would) and refuse one for good.
/// </summary>
public sealed class FakeLedger : IAsyncDisposable
{
    private readonly MqttClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<long, SignedReading> _readings = new();
    private readonly List<string> _problems = [];
    private readonly Lock _lock = new();
    private readonly HashSet<long> _dropOnce = [];
    private readonly Dictionary<long, string> _refuse = [];
    private readonly List<RefusedReading> _pendingRefusals = [];
    private readonly ConcurrentDictionary<long, int> _arrivals = new();
    private readonly List<(DateTimeOffset Clock, long[] Sequences)> _messages = [];
    private Task? _loop;
    private long _through;

    public FakeLedger(int port)
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

    /// <summary>Stamps each message's arrival (a test's manual clock); system time by default.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Every message that arrived: the clock then and the sequence numbers it carried.</summary>
    public IReadOnlyList<(DateTimeOffset Clock, long[] Sequences)> MessageLog
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>How many times reading <paramref name="sequence"/> arrived (lost and refused ones included).</summary>
    public int Arrivals(long sequence) => _arrivals.GetValueOrDefault(sequence);

    /// <summary>The first copy of reading <paramref name="sequence"/> is lost on its way: never stored, never answered.</summary>
    public void LoseOnce(long sequence)
    {
        lock (_lock)
        {
            _dropOnce.Add(sequence);
        }
    }

    /// <summary>Reading <paramref name="sequence"/> is refused for good with <paramref name="reason"/>, every time it comes.</summary>
    public void RefuseForGood(long sequence, string reason)
    {
        lock (_lock)
        {
            _refuse[sequence] = reason;
        }
    }

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
            var carried = new List<long>();
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
                var sequence = reading.Reading.Sequence;
                carried.Add(sequence);
                _arrivals.AddOrUpdate(sequence, 1, (_, n) => n + 1);
                lock (_lock)
                {
                    if (_dropOnce.Remove(sequence))
                    {
                        continue;
                    }

                    if (_refuse.TryGetValue(sequence, out var reason))
                    {
                        _pendingRefusals.Add(new RefusedReading(sequence, reading.Hash, reason, "refused by the test ledger", Retry: false));
                        continue;
                    }
                }

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

            lock (_lock)
            {
                _messages.Add((Clock.GetUtcNow(), [.. carried]));
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

            if (SendReceipts && device is not null && (Through > 0 || !_readings.IsEmpty || _pendingRefusals.Count > 0))
            {
                var receipt = Receipt(device);
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

    /// <summary>A receipt as the ledger's: the contiguous tip, the gaps up to the highest stored reading, the refusals since the last one.</summary>
    private Receipt Receipt(string device)
    {
        var through = Through;
        var seen = _readings.IsEmpty ? 0 : _readings.Keys.Max();
        var missing = new List<SequenceRange>();
        for (var seq = through + 1; seq <= seen; seq++)
        {
            if (!_readings.ContainsKey(seq))
            {
                var from = seq;
                while (seq + 1 <= seen && !_readings.ContainsKey(seq + 1))
                {
                    seq++;
                }

                missing.Add(new SequenceRange(from, seq));
            }
        }

        if (missing.Count > Contracts.Receipt.MaxMissingRanges)
        {
            seen = missing[Contracts.Receipt.MaxMissingRanges].From - 1;
        }

        List<RefusedReading> refused;
        lock (_lock)
        {
            refused = [.. _pendingRefusals.Take(Contracts.Receipt.MaxRefused)];
            _pendingRefusals.Clear();
        }

        return new Receipt
        {
            Device = device,
            ThroughSequence = through,
            ThroughHash = through == 0 ? IntervalReading.GenesisHash : _readings[through].Hash,
            LogIndex = through - 1,
            IssuedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            SeenThrough = seen,
            Missing = [.. missing.Take(Contracts.Receipt.MaxMissingRanges)],
            Refused = refused,
        };
    }

    private void Problem(string text)
    {
        lock (_lock)
        {
            _problems.Add(text);
        }
    }
}
