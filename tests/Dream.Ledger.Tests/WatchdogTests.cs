using Dream.Ledger.Ingest;
using Dream.Ledger.Server.Hosting;
using Dream.Systemd;
using Microsoft.Extensions.Time.Testing;

namespace Dream.Ledger.Tests;

/// <summary>
/// The ledger's systemd watchdog on a real datagram socket, checks driven by a manual clock: fed while the
/// committer makes progress or is idle, not fed once a commit hangs for more than half the interval.
/// </summary>
public sealed class WatchdogTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TemporaryDirectory _temp = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_committer_blocked_in_a_commit_is_not_fed_after_half_the_interval_and_is_fed_again_once_it_moves()
    {
        var directory = await LedgerDataDirectory.InitializeAsync(_temp.Combine("data"), "ledger.test/dream", "Test Grid Authority", TimeProvider.System);
        using var store = new BlockingStore(directory.OpenStore());
        using var key = directory.LoadKey();
        await using var engine = await LedgerEngine.StartAsync(store, key, new LedgerOptions { VerifyWorkers = 1 });
        using var receiver = new NotifySocket(_temp.Combine("notify"));
        using var notifier = new SystemdNotifier(_temp.Combine("notify"));
        using var watchdog = new LedgerWatchdog(engine, _ => null, new LedgerWatchdogOptions { Notifier = notifier, Interval = Interval, Time = _clock });
        var size = engine.Head.Size;
        await watchdog.StartAsync(CancellationToken.None);
        try
        {
            // Idle for two whole intervals: fed at every check.
            Assert.Equal($"WATCHDOG=1\nSTATUS=serving, log size {size}", receiver.Receive());
            foreach (var report in Checks(receiver, watchdog, 8))
            {
                Assert.Equal($"WATCHDOG=1\nSTATUS=serving, log size {size}", report);
            }

            store.Block();
            using var owner = Ed25519PrivateKey.Generate();
            await using var agent = new TestAgent(owner, TestLedger.PastStartMs());
            var appended = engine.AppendRegistryAsync(agent.Passport.Envelope.Countersign(key));
            await store.Entered.WaitAsync(Timeout);

            // Checks every 5 s: a commit hanging up to 10 s (half the interval) is still fed, then never.
            var hanging = Checks(receiver, watchdog, 6);
            Assert.All(hanging[..2], r => Assert.StartsWith("WATCHDOG=1\n", r, StringComparison.Ordinal));
            Assert.All(hanging[2..], r => Assert.StartsWith("STATUS=unhealthy, watchdog not fed: the committer has finished no batch for ", r, StringComparison.Ordinal));
            Assert.DoesNotContain(hanging[2..], r => r.Contains("WATCHDOG=1", StringComparison.Ordinal));

            store.Release();
            Assert.Equal(size, await appended.WaitAsync(Timeout));
            Assert.Equal($"WATCHDOG=1\nSTATUS=serving, log size {size + 1}", Checks(receiver, watchdog, 1)[0]);
        }
        finally
        {
            store.Release();
            await watchdog.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task An_idle_server_connected_to_the_broker_keeps_feeding_the_watchdog()
    {
        using var receiver = new NotifySocket(_temp.Combine("notify"));
        using var notifier = new SystemdNotifier(_temp.Combine("notify"));
        await using var ledger = await TestLedger.StartAsync(watchdog: new LedgerWatchdogOptions { Notifier = notifier, Interval = Interval, Time = _clock });
        Assert.True(ledger.Server.MqttConnected);
        var size = ledger.Server.Engine.Head.Size;

        // The first check runs as the web host starts, beside MQTT's start: not fed until MQTT is started (systemd
        // arms the watchdog at READY=1, after start-up); from then on fed at every check.
        Assert.Contains(receiver.Receive(), new[] { $"STATUS=unhealthy, watchdog not fed: MQTT is not started yet; log size {size}", $"WATCHDOG=1\nSTATUS=serving, log size {size}" });
        var period = Interval / 4;
        for (var i = 0; i < 8; i++)
        {
            _clock.Advance(period);
            Assert.Equal($"WATCHDOG=1\nSTATUS=serving, log size {size}", receiver.Receive());
        }
    }

    /// <summary>Advances the clock one check period at a time and takes each check's report.</summary>
    private string[] Checks(NotifySocket receiver, LedgerWatchdog watchdog, int count)
    {
        var reports = new string[count];
        for (var i = 0; i < count; i++)
        {
            _clock.Advance(watchdog.Period);
            reports[i] = receiver.Receive();
        }

        return reports;
    }
}
