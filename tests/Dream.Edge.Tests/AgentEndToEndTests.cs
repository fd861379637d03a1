using Dream.Edge.Clock;
using Dream.Edge.Service;
using Dream.Systemd;
using Microsoft.Extensions.Time.Testing;

namespace Dream.Edge.Tests;

/// <summary>The agent against a Modbus TCP meter served by Dream.Modbus and a real Mosquitto, with the test playing the ledger.</summary>
#pragma warning disable CA1001 // xunit disposes through IAsyncLifetime.DisposeAsync
public sealed partial class AgentEndToEndTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_t0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _directory = new();
    private readonly Channel<(long Time, StoredReading? Stored)> _ticks = Channel.CreateUnbounded<(long, StoredReading?)>();
    private readonly Ed25519PrivateKey _key = Ed25519PrivateKey.Generate();
    private readonly CancellationTokenSource _stop = new();
    private AgentBench _bench = null!;
    private Task _run = Task.CompletedTask;

    public async Task InitializeAsync() => _bench = await AgentBench.StartAsync();

    public async Task DisposeAsync()
    {
        await _bench.DisposeAsync();
        _directory.Dispose();
        _stop.Dispose();
        _key.Dispose();
    }

    [Fact]
    public async Task Readings_reach_the_ledger_signed_chained_with_register_deltas_and_leave_the_outbox_on_receipt()
    {
        var time = new FakeTimeProvider(s_t0);
        await using var agent = StartAgent(time);

        // 4 minutes of 10-second samples: the first boundary sets the baseline, then 3 readings.
        var wh = 100_000L;
        for (var i = 1; i <= 24; i++)
        {
            wh += 125;
            _bench.Registers.Set(wh / 1000f, 2.5f, 700 + i);
            await TickAsync(time);
        }

        await _bench.Ledger.WaitForThroughAsync(3, TimeSpan.FromSeconds(20));
        await AgentHarness.WaitUntilAsync(() => agent.Outbox.Count == 0, "the outbox to empty after receipts");
        await StopAsync();

        Assert.Empty(_bench.Ledger.Problems);
        Assert.Equal([1L, 2L, 3L], _bench.Ledger.Readings.Keys.Order());
        var readings = _bench.Ledger.Readings.Values.Select(r => r.Reading).OrderBy(r => r.Sequence).ToList();
        for (var n = 0; n < 3; n++)
        {
            var r = readings[n];
            Assert.Equal(_key.PublicKey.Did, r.Device);
            Assert.Equal(AgentBench.Passport, r.Passport);
            Assert.Equal(s_t0.ToUnixTimeMilliseconds() + ((n + 1) * 60_000), r.StartMs);
            Assert.Equal(r.StartMs + 60_000, r.EndMs);
            Assert.Equal(6 * 125, r.DeltaImportWh);
            Assert.Equal(0, r.DeltaExportWh);
            Assert.Equal(2_500, r.ExportWh);
            Assert.Equal(6, r.Samples);
            Assert.Equal(ReadingQuality.None, r.Flags);
            Assert.True(r.MinW < r.MaxW);
        }

        // The boundary register is the one read at the boundary: 100 kWh + 12 ticks of 125 Wh at minute 2.
        Assert.Equal(100_000 + (12 * 125), readings[0].ImportWh);
        Assert.Equal(3, agent.Outbox.LastReceipt.ThroughSequence);
        Assert.Equal(3, agent.Outbox.Head.Sequence);
    }

    [Fact]
    public async Task Garbage_from_the_meter_is_never_signed_and_the_interval_is_flagged()
    {
        var time = new FakeTimeProvider(s_t0);
        await using var agent = StartAgent(time);

        _bench.Registers.Set(100f, 0f, 500);
        for (var i = 1; i <= 12; i++)
        {
            // During minute 2 the meter answers NaN, then an absurd value, at the import register.
            _bench.Registers.GarbageImport = i switch { 8 => (0x7FC0, 0x0000), 9 => (0x7F7F, 0xFFFF), 12 => (0x4F00, 0x0000), _ => null };
            await TickAsync(time);
        }

        _bench.Registers.GarbageImport = null;
        for (var i = 13; i <= 18; i++)
        {
            await TickAsync(time);
        }

        await _bench.Ledger.WaitForThroughAsync(2, TimeSpan.FromSeconds(20));
        await StopAsync();

        var first = _bench.Ledger.Readings[1].Reading;
        Assert.Equal(100_000, first.ImportWh);
        Assert.Equal(0, first.DeltaImportWh);
        Assert.True(first.Flags.HasFlag(ReadingQuality.CommunicationError));
        Assert.True(first.Flags.HasFlag(ReadingQuality.Estimated));
        Assert.All(_bench.Ledger.Readings.Values, r => Assert.Equal(100_000, r.Reading.ImportWh));
    }

    [Fact]
    public async Task Systemd_hears_ready_after_the_first_read_and_connection_then_watchdog_status_and_stopping()
    {
        var socketPath = _directory.Combine("notify");
        using var manager = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Unspecified);
        manager.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath));
        var received = Channel.CreateUnbounded<string>();
        var listen = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            while (true)
            {
                var n = await manager.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None);
                await received.Writer.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer, 0, n));
            }
        });

        var time = new FakeTimeProvider(s_t0);
        using var notifier = new SystemdNotifier(socketPath);
        await using var agent = StartAgent(time, notifier: notifier);
        _bench.Registers.Set(1f, 0f, 100);
        for (var i = 1; i <= 3; i++)
        {
            await TickAsync(time);
        }

        await agent.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        var messages = new List<string>();
        async Task<string> NextAsync()
        {
            var m = await received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            messages.Add(m);
            return m;
        }

        while (await NextAsync() != "READY=1")
        {
        }

        for (var i = 4; i <= 6; i++)
        {
            await TickAsync(time);
        }

        while (!messages.Contains("WATCHDOG=1") || !messages.Any(m => m.StartsWith("STATUS=running", StringComparison.Ordinal)))
        {
            await NextAsync();
        }

        await StopAsync();
        while (await NextAsync() != "STOPPING=1")
        {
        }

        Assert.Contains(messages, m => m.Contains("broker up", StringComparison.Ordinal));
        manager.Dispose();
        await Assert.ThrowsAnyAsync<Exception>(() => listen);
    }

    [Fact]
    public async Task A_full_outbox_alarms_drops_nothing_and_the_next_stored_reading_covers_the_gap()
    {
        _bench.Ledger.SendReceipts = false;
        var time = new FakeTimeProvider(s_t0);
        await using var agent = StartAgent(time, maxReadings: 2, receiptTimeoutSeconds: 20);

        var wh = 50_000L;
        async Task StepAsync()
        {
            wh += 125;
            _bench.Registers.Set(wh / 1000f, 0f, 450);
            await TickAsync(time);
        }

        for (var i = 1; i <= 18; i++)
        {
            await StepAsync();
        }

        await _bench.Ledger.WaitForThroughAsync(2, TimeSpan.FromSeconds(20));
        for (var i = 19; i <= 25; i++)
        {
            await StepAsync();
        }

        Assert.Equal(2, agent.Outbox.Head.Sequence);
        Assert.Contains(agent.Status.Alarms, a => a.StartsWith("OUTBOX FULL", StringComparison.Ordinal));

        // The ledger starts receipting; the agent resends after its receipt timeout and the outbox empties.
        _bench.Ledger.SendReceipts = true;
        for (var i = 26; i <= 29; i++)
        {
            await StepAsync();
        }

        await AgentHarness.WaitUntilAsync(() => agent.Outbox.Count == 0, "receipts to empty the outbox");
        for (var i = 30; i <= 30; i++)
        {
            await StepAsync();
        }

        await _bench.Ledger.WaitForThroughAsync(3, TimeSpan.FromSeconds(20));
        await StopAsync();

        Assert.Empty(_bench.Ledger.Problems);
        var third = _bench.Ledger.Readings[3].Reading;
        Assert.Equal(_bench.Ledger.Readings[2].Reading.ImportWh + third.DeltaImportWh, third.ImportWh);
        Assert.Equal(12 * 125, third.DeltaImportWh);
        Assert.True(third.Flags.HasFlag(ReadingQuality.Estimated));
        Assert.True(_bench.Ledger.Duplicates > 0);
    }

    [Fact]
    public async Task A_wall_clock_step_is_detected_against_monotonic_time_and_flagged()
    {
        var time = new SteppableTimeProvider(s_t0);
        await using var agent = StartAgent(time);
        _bench.Registers.Set(10f, 0f, 100);
        for (var i = 1; i <= 15; i++)
        {
            await TickAsync(time);
        }

        // NTP (or a person) steps the wall clock five minutes ahead during the second reading's interval.
        time.StepWallClock(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 8; i++)
        {
            await TickAsync(time, exact: false);
        }

        await _bench.Ledger.WaitForThroughAsync(3, TimeSpan.FromSeconds(20));
        await StopAsync();

        Assert.Equal(ReadingQuality.None, _bench.Ledger.Readings[1].Reading.Flags & ReadingQuality.ClockJumped);
        Assert.True(_bench.Ledger.Readings[2].Reading.Flags.HasFlag(ReadingQuality.ClockJumped), "the interval the step fell in");
    }

    /// <summary>Starts the one agent of a test on <paramref name="time"/>, signing with <see cref="_key"/>; <see cref="StopAsync"/> ends its run.</summary>
    private HostedAgent StartAgent(TimeProvider time, int maxReadings = 1000, SystemdNotifier? notifier = null, int receiptTimeoutSeconds = 300, IClockSynchronization? clock = null, long? ratedMaxPowerW = null, long? maxPowerW = null)
    {
        var options = _bench.Options("main", _directory.Combine("data"), maxReadings, receiptTimeoutSeconds, maxPowerW);
        var agent = _bench.NewAgent(options, _key, time, clock, notifier, ratedMaxPowerW);
        agent.Agent.TickCompleted += (_, t, stored) => _ticks.Writer.TryWrite((t, stored));
        _run = agent.RunAsync(_stop.Token);
        return agent;
    }

    private async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _run;
    }

    private async Task<StoredReading?> TickAsync(FakeTimeProvider time, bool exact = true)
    {
        time.Advance(TimeSpan.FromSeconds(10));
        var next = _ticks.Reader.ReadAsync().AsTask();
        if (await Task.WhenAny(next, _run).WaitAsync(TimeSpan.FromSeconds(10)) == _run)
        {
            await _run;
            throw new InvalidOperationException("The agent stopped.");
        }

        var (at, stored) = await next;
        if (exact)
        {
            Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), at);
        }

        return stored;
    }
}
