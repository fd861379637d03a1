using System.Threading.Channels;
using Dream.Ledger.Ingest;
using Dream.Ledger.Registry;
using Dream.Ledger.Storage;
using Dream.Market.Transactions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Dream.Ledger.Tests;

/// <summary>The engine on real SQLite in a 4 MB tmpfs filled to the brim, on a manual clock.</summary>
public sealed class StoreFaultTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_full_disk_pauses_ingest_acknowledges_nothing_and_every_reading_is_committed_once_when_space_returns()
    {
        using var disk = await TmpfsMount.MountAsync(4);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var directory = await LedgerDataDirectory.InitializeAsync(disk.Combine("data"), "ledger.test/dream", "Test Grid Authority", time);
        using var store = directory.OpenStore();
        using var key = directory.LoadKey();
        using var owner = Ed25519PrivateKey.Generate();
        await using var agent = new TestAgent(owner, TestLedger.PastStartMs());
        var options = new LedgerOptions { TimeProvider = time, VerifyWorkers = 1, MaxBatchMessages = 1, QueueCapacity = 4 };
        await using var engine = await LedgerEngine.StartAsync(store, key, options);
        var faults = Channel.CreateUnbounded<StoreFault>();
        var recovered = new TaskCompletionSource<StoreFault>(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.StoreFailed += (_, fault) => faults.Writer.TryWrite(fault);
        engine.StoreRecovered += (_, fault) => recovered.TrySetResult(fault);
        await engine.AppendRegistryAsync(agent.Passport.Envelope.Countersign(key));
        var readings = Enumerable.Range(0, 7).Select(_ => agent.Next()).ToArray();
        ValueTask Submit(SignedReading reading) => engine.SubmitAsync(Topics.Readings(agent.Device), EnvelopeBatch.Serialize([reading.Envelope]));

        await Submit(readings[0]);
        Assert.Equal(1, (await ReceiptAsync(engine, key.PublicKey, 1)).ThroughSequence);
        var durable = engine.Head;
        var commits = store.Commits;

        // The disk fills; the next batch (a market transaction) fails to commit.
        Assert.True(disk.Fill() > 0);
        var tariff = engine.SubmitMarketAsync(MarketTransaction.Create(new TariffPayload
        {
            Version = 1,
            Currency = "EUR",
            PenaltyPerKwh = 300,
            GridFeePerKwh = 10,
            MinWh = 100,
            MaxWh = 1_000_000,
            GraceMs = 60_000,
            AtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
        }, key));
        var first = await faults.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(StoreFaultCauses.DiskFull, first.Cause);
        Assert.Equal(1, first.FailedAttempts);
        Assert.Contains("full", first.Message, StringComparison.Ordinal);

        // Nothing is acknowledged and the state is back at what is durable.
        Assert.False(tariff.IsCompleted);
        Assert.Equal(first, engine.StoreFault);
        Assert.Equal(durable, engine.Head);
        Assert.Null(engine.ReadState(s => s.Market.CurrentTariff));
        Assert.Equal(commits, store.Commits);
        Assert.Equal(1, engine.Metrics.StoreFaults(StoreFaultCauses.DiskFull));
        Assert.Equal(StoreFaultCauses.DiskFull, engine.Metrics.FaultedCause);
        Assert.Contains("dream_ledger_store_faulted{cause=\"disk_full\"} 1", engine.Metrics.ToPrometheusText(), StringComparison.Ordinal);

        // New transactions are refused at once; readings queue up to the queue's capacity, then the sender waits.
        var registration = new ParticipantRegistration { Did = owner.PublicKey.Did, Role = ParticipantRole.Consumer, Name = "Owner", RegisteredAtMs = 1 };
        var refused = await Assert.ThrowsAsync<LedgerUnavailableException>(() => engine.AppendRegistryAsync(SignedEnvelope.Sign(registration.ToPayload(), key)));
        Assert.Contains("disk_full", refused.Message, StringComparison.Ordinal);
        foreach (var reading in readings[1..5])
        {
            await Submit(reading).AsTask().WaitAsync(Timeout);
        }

        var waiting = Submit(readings[5]).AsTask();
        Assert.Contains("dream_ledger_ingest_queue 4\n", engine.Metrics.ToPrometheusText(), StringComparison.Ordinal);
        Assert.False(waiting.IsCompleted);

        // The retry comes on the clock, with a longer wait after each failure; the disk is still full.
        time.Advance(first.RetryIn);
        var second = await faults.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(2, second.FailedAttempts);
        Assert.True(second.RetryIn > first.RetryIn, $"{second.RetryIn} after {first.RetryIn}");
        Assert.False(tariff.IsCompleted);
        Assert.False(waiting.IsCompleted);
        Assert.False(engine.Receipts.TryPeek(out _));
        Assert.Equal(1, engine.Metrics.Accepted);

        // Space returns: the next retry commits the same batch, and ingest resumes by itself.
        disk.Free();
        time.Advance(second.RetryIn);
        var ended = await recovered.Task.WaitAsync(Timeout);
        Assert.Equal(StoreFaultCauses.DiskFull, ended.Cause);
        Assert.Equal(2, ended.FailedAttempts);
        var logged = await tariff.WaitAsync(Timeout);
        Assert.True(logged.Accepted);
        Assert.Equal(durable.Size, logged.LogIndex);
        await waiting.WaitAsync(Timeout);
        await Submit(readings[6]);
        Assert.Equal(7, (await ReceiptAsync(engine, key.PublicKey, 7)).ThroughSequence);
        Assert.Null(engine.StoreFault);
        Assert.Null(engine.Metrics.FaultedCause);
        Assert.Equal(7, engine.Metrics.Accepted);
        Assert.Equal(1, engine.ReadState(s => s.Market.CurrentTariff!.Version));

        // Every reading is in the log exactly once, and the log replays to the same tree.
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], SequencesLogged(directory.DatabaseFile, agent.Device));
        var (_, frontier) = await LedgerEngine.RebuildAsync(store, key.PublicKey.Did);
        Assert.Equal(engine.Head.Root, frontier.Root());
        Assert.Equal(engine.Head.Size, store.Size);
    }

    [Fact]
    public async Task On_a_full_disk_the_server_says_why_it_is_not_ready_refuses_transactions_and_recovers_by_itself()
    {
        using var disk = await TmpfsMount.MountAsync(4);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var ledger = await TestLedger.StartAsync(dataDir: disk.Combine("data"), time: time);
        var engine = ledger.Server.Engine;
        var faults = Channel.CreateUnbounded<StoreFault>();
        var recovered = new TaskCompletionSource<StoreFault>(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.StoreFailed += (_, fault) => faults.Writer.TryWrite(fault);
        engine.StoreRecovered += (_, fault) => recovered.TrySetResult(fault);
        var agent = await ledger.AddApprovedAgentAsync();
        await agent.PublishAsync(agent.Next());
        await agent.WaitForReceiptAsync(1);
        Assert.Equal("ready\n", await ledger.Public.GetStringAsync("readyz"));

        disk.Fill();
        for (var i = 0; i < 5; i++)
        {
            await agent.PublishAsync(agent.Next());
        }

        var fault = await faults.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(StoreFaultCauses.DiskFull, fault.Cause);
        using (var ready = await ledger.Public.GetAsync("readyz"))
        {
            var why = await ready.Content.ReadAsStringAsync();
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.StartsWith("not ready: store disk_full since ", why, StringComparison.Ordinal);
            Assert.Contains("ingest paused", why, StringComparison.Ordinal);
        }

        var metrics = await ledger.Public.GetStringAsync("metrics");
        Assert.Contains("dream_ledger_readings_accepted_total 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("dream_ledger_store_faulted{cause=\"disk_full\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("dream_ledger_store_faults_total{cause=\"disk_full\"} 0\n", metrics, StringComparison.Ordinal);
        while (agent.TryTakeReceipt(out var receipt))
        {
            Assert.Equal(1, receipt!.ThroughSequence);
        }

        // A market transaction and a passport submission are refused with the reason, nothing of them kept.
        using (var tariff = await ledger.Admin.PostAsJsonAsync("admin/v1/market/tariff", new { currency = "EUR", penaltyPerKwh = 300, gridFeePerKwh = 10, minWh = 100, maxWh = 1_000_000, graceMs = 60_000 }))
        {
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, tariff.StatusCode);
            Assert.Contains("disk_full", await tariff.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using (var newcomer = new TestAgent(ledger.Owner, TestLedger.PastStartMs(), ledger.Installer))
        {
            using var content = new ByteArrayContent(newcomer.Passport.Envelope.ToBytes());
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var submitted = await ledger.Public.PostAsync("api/v1/passports", content);
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, submitted.StatusCode);
        }

        disk.Free();
        time.Advance(fault.RetryIn);
        await recovered.Task.WaitAsync(Timeout);
        var last = await agent.WaitForReceiptAsync(6);
        Assert.Equal(6, last.ThroughSequence);
        Assert.Equal("ready\n", await ledger.Public.GetStringAsync("readyz"));
        Assert.Contains("dream_ledger_readings_accepted_total 6\n", await ledger.Public.GetStringAsync("metrics"), StringComparison.Ordinal);
        Assert.Equal([1L, 2, 3, 4, 5, 6], SequencesLogged(Path.Combine(ledger.Config.DataDir, LedgerDataDirectory.DatabaseFileName), agent.Device));
    }

    /// <summary>The sequence numbers of the device's logged readings, one per entry, in log order.</summary>
    internal static List<long> SequencesLogged(string databaseFile, string device)
    {
        using var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq FROM entries WHERE device = $d ORDER BY idx";
        command.Parameters.AddWithValue("$d", device);
        using var reader = command.ExecuteReader();
        var result = new List<long>();
        while (reader.Read())
        {
            result.Add(reader.GetInt64(0));
        }

        return result;
    }

    private static async Task<Receipt> ReceiptAsync(LedgerEngine engine, Ed25519PublicKey gridAuthority, long throughSequence)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            var receipt = await engine.Receipts.ReadAsync(timeout.Token);
            if (receipt.ThroughSequence >= throughSequence)
            {
                return Receipt.Verify(receipt.Envelope, gridAuthority);
            }
        }
    }
}
