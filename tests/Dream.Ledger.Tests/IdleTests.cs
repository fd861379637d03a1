using Dream.Ledger.Ingest;
using Dream.Ledger.Log;
using Dream.Ledger.Scheduling;
using Dream.Ledger.Trading;
using Dream.Transparency.Checkpoints;
using Microsoft.Extensions.Time.Testing;

namespace Dream.Ledger.Tests;

public sealed class IdleTests
{
    [Fact]
    public async Task An_idle_ledger_commits_nothing_and_writes_nothing()
    {
        using var temp = new TemporaryDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var directory = await LedgerDataDirectory.InitializeAsync(temp.Combine("data"), "ledger.test/dream", "Test Grid Authority", time);
        using var store = directory.OpenStore();
        using var key = directory.LoadKey();
        await using var engine = await LedgerEngine.StartAsync(store, key, new LedgerOptions { TimeProvider = time, VerifyWorkers = 1 });
        using var checkpoints = new CheckpointPublisher(engine, new CheckpointSigner("ledger.test/dream", key), "ledger.test/dream", time);
        var scheduler = new LedgerScheduler(time);
        scheduler.Add(new MarketScheduleJob(engine));
        await checkpoints.SignIfGrownAsync();
        var commits = store.Commits;
        var batches = Batches(engine);
        var wal = new FileInfo(directory.DatabaseFile + "-wal");
        var (walLength, walWritten) = (wal.Length, wal.LastWriteTimeUtc);

        // An hour of scheduler ticks (1 s, as the server runs them) and checkpoint periods (5 s), nothing arriving.
        for (var second = 1; second <= 3600; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await scheduler.TickAsync(CancellationToken.None);
            if (second % 5 == 0)
            {
                await checkpoints.SignIfGrownAsync();
            }
        }

        Assert.Equal(3600, scheduler.Ticks);
        Assert.Equal(commits, store.Commits);
        Assert.Equal(batches, Batches(engine));
        Assert.Single(await store.CheckpointsAsync());
        wal.Refresh();
        Assert.Equal((walLength, walWritten), (wal.Length, wal.LastWriteTimeUtc));

        // Something arriving is one commit, and then it is quiet again.
        using var owner = Dream.Crypto.Ed25519PrivateKey.Generate();
        await using var agent = new TestAgent(owner, TestLedger.PastStartMs());
        await engine.AppendRegistryAsync(agent.Passport.Envelope.Countersign(key));
        Assert.Equal(commits + 1, store.Commits);
        for (var second = 1; second <= 60; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await scheduler.TickAsync(CancellationToken.None);
        }

        Assert.Equal(commits + 1, store.Commits);
    }

    private static string Batches(LedgerEngine engine) =>
        engine.Metrics.ToPrometheusText().Split('\n').Single(line => line.StartsWith("dream_ledger_batches_total ", StringComparison.Ordinal));
}
