using Dream.Ledger.Server.Cli;
using Dream.Ledger.Storage;
using Microsoft.Data.Sqlite;

namespace Dream.Ledger.Tests;

/// <summary>The readings index: numbered devices, binary hashes, time windows found by sequence, and the one-time rewrite of an older file.</summary>
public sealed class ReadingsIndexTests
{
    private const string Device = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";

    [Fact]
    public async Task Every_time_window_returns_exactly_the_readings_that_start_in_it_in_time_order_across_gaps()
    {
        using var temp = new TemporaryDirectory();
        using var store = SqliteLedgerStore.Open(temp.Combine("ledger.db"));
        long[] sequences = [1, 2, 3, 7, 8, 9, 20, 21, 40];
        var batch = new LedgerBatch();
        foreach (var seq in sequences)
        {
            batch.Readings.Add(Row(Device, seq));
        }

        batch.Readings.Add(Row("did:key:z6MkotherDevice", 5));
        await store.CommitAsync(batch);
        var all = sequences.Select(s => Row(Device, s)).ToList();
        for (long from = 0; from <= 42_000; from += 500)
        {
            foreach (var length in new long[] { 1, 999, 1000, 2500, 13_000, 50_000 })
            {
                foreach (var limit in new[] { 1, 3, 100 })
                {
                    var expected = all.Where(r => r.StartMs >= from && r.StartMs < from + length).Take(limit).ToList();
                    var actual = await store.ReadingsAsync(Device, from, from + length, limit);
                    Assert.Equal(expected, actual);
                }
            }
        }

        Assert.Empty(await store.ReadingsAsync("did:key:z6MknoSuchDevice", 0, long.MaxValue, 10));
        Assert.Equal(Row(Device, 8), store.FindReading(Device, 8));
        Assert.Null(store.FindReading(Device, 4));
        Assert.Empty(await store.CheckIntegrityAsync());
    }

    [Fact]
    public async Task A_failed_commit_numbers_no_device_and_the_next_commit_numbers_it_again()
    {
        using var temp = new TemporaryDirectory();
        using var store = SqliteLedgerStore.Open(temp.Combine("ledger.db"));
        var first = new LedgerBatch();
        first.Readings.Add(Row(Device, 1));
        first.Readings.Add(Row(Device, 1));
        await Assert.ThrowsAsync<StoreWriteException>(() => store.CommitAsync(first));

        var second = new LedgerBatch();
        second.Readings.Add(Row("did:key:z6MkotherDevice", 1));
        second.Readings.Add(Row(Device, 1));
        await store.CommitAsync(second);
        Assert.Equal(Row(Device, 1), store.FindReading(Device, 1));
        Assert.Equal(Row("did:key:z6MkotherDevice", 1), store.FindReading("did:key:z6MkotherDevice", 1));
    }

    [Fact]
    public async Task A_ledger_written_with_the_text_keyed_index_is_rewritten_once_and_serves_and_verifies_the_same()
    {
        await using var ledger = await TestLedger.StartAsync();
        var agents = new[] { await ledger.AddApprovedAgentAsync(), await ledger.AddApprovedAgentAsync() };
        foreach (var agent in agents)
        {
            for (var i = 1; i <= 5; i++)
            {
                await agent.PublishAsync(agent.Next());
            }

            await agent.WaitForReceiptAsync(5);
        }

        await ledger.Server.Checkpoints.SignIfGrownAsync();
        await ledger.StopServerAsync();
        var database = Path.Combine(ledger.Config.DataDir, LedgerDataDirectory.DatabaseFileName);
        var before = new Dictionary<string, IReadOnlyList<StoredReading>>();
        using (var store = SqliteLedgerStore.Open(database))
        {
            foreach (var agent in agents)
            {
                before[agent.Device] = await store.ReadingsAsync(agent.Device, 0, long.MaxValue, 100);
                Assert.Equal(5, before[agent.Device].Count);
            }
        }

        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                BEGIN;
                DROP TABLE schema_migrations;
                CREATE TABLE readings_old(device TEXT NOT NULL, seq INTEGER NOT NULL, log_index INTEGER NOT NULL, hash TEXT NOT NULL, prev TEXT NOT NULL,
                    start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, import_wh INTEGER NOT NULL, export_wh INTEGER NOT NULL, PRIMARY KEY(device, seq)) WITHOUT ROWID;
                INSERT INTO readings_old SELECT d.did, r.seq, r.log_index, lower(hex(r.hash)), lower(hex(r.prev)), r.start_ms, r.end_ms, r.import_wh, r.export_wh
                    FROM readings r JOIN devices d ON d.id = r.device;
                DROP TABLE readings;
                DROP TABLE devices;
                ALTER TABLE readings_old RENAME TO readings;
                CREATE INDEX readings_by_time ON readings(device, start_ms);
                COMMIT;
                """;
            command.ExecuteNonQuery();
            command.CommandText = "SELECT typeof(hash) FROM readings LIMIT 1";
            Assert.Equal("text", command.ExecuteScalar());
        }

        SqliteConnection.ClearAllPools();
        using (var refused = new StringWriter())
        {
            // An audit opens the file read-only and cannot rewrite it: it says so instead of failing on a missing table.
            Assert.Equal(1, await VerifyCommand.RunAsync(new VerifyOptions { DataDir = ledger.Config.DataDir }, refused, refused, CancellationToken.None));
            Assert.Contains("written by an earlier dream-ledger", refused.ToString(), StringComparison.Ordinal);
        }

        SqliteConnection.ClearAllPools();
        using (var store = SqliteLedgerStore.Open(database))
        {
            Assert.Empty(await store.CheckIntegrityAsync());
            foreach (var agent in agents)
            {
                Assert.Equal(before[agent.Device], await store.ReadingsAsync(agent.Device, 0, long.MaxValue, 100));
            }
        }

        SqliteConnection.ClearAllPools();
        using var output = new StringWriter();
        Assert.Equal(0, await VerifyCommand.RunAsync(new VerifyOptions { DataDir = ledger.Config.DataDir }, output, output, CancellationToken.None));

        await ledger.StartServerAsync();
        await agents[0].PublishAsync(agents[0].Next());
        Assert.Equal(6, (await agents[0].WaitForReceiptAsync(6)).ThroughSequence);
    }

    private static StoredReading Row(string device, long seq) =>
        new(device, seq, seq * 10, Convert.ToHexStringLower(BitConverter.GetBytes(seq).Concat(new byte[24]).ToArray()), new string('0', 64),
            seq * 1000, (seq * 1000) + 1000, seq * 7, 0);
}
