using System.Data.Common;
using System.Text;
using Dream.Ledger.Storage;
using Dream.Transparency.Merkle;

namespace Dream.Ledger.Tests.Storage;

/// <summary>
/// What every <see cref="ILedgerStore"/> must do, the same assertions for SQLite and PostgreSQL: each test opens a store
/// on a database of its own (<see cref="CreateDatabaseAsync"/>), and reaches behind the store's back with plain SQL
/// where a fault or an older or newer database has to be made.
/// </summary>
public abstract class LedgerStoreContract : IAsyncLifetime
{
    protected const string Device = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    protected const string OtherDevice = "did:key:z6MkotherDevice";

    /// <summary>2026-01-01T00:00Z.</summary>
    protected const long January2026 = 1_767_225_600_000;
    protected const long Quarter = 15 * 60_000;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>Opens (or opens again) the test's database read-write, migrating it.</summary>
    protected abstract ILedgerStore Open();

    protected abstract ILedgerStore OpenReadOnly();

    /// <summary>An open connection to the test's database, outside any store.</summary>
    protected abstract DbConnection Connect();

    [Fact]
    public async Task Committed_entries_nodes_and_readings_read_back_and_survive_a_reopen()
    {
        var log = new LogBuilder();
        var first = log.Next(participants: 3);
        var second = log.Next(2, LogBuilder.Reading(Device, 1, January2026), LogBuilder.Reading(OtherDevice, 1, January2026));
        var entries = first.Entries.Concat(second.Entries).ToList();
        using (var store = Open())
        {
            Assert.Equal(0, store.Size);
            await store.CommitAsync(first);
            await store.CommitAsync(second);
            Assert.Equal(7, store.Size);
        }

        using (var store = Open())
        {
            Assert.Equal(7, store.Size);
            Assert.Equal(Describe(entries), Describe(await store.ReadEntriesAsync(0, 100)));
            Assert.Equal(Describe(entries[2..5]), Describe(await store.ReadEntriesAsync(2, 3)));
            Assert.Equal(log.Root, await MerkleProofs.RootAsync(store, 7));
            var hashes = new Sha256Hash[1];
            await Assert.ThrowsAsync<MerkleNodeNotFoundException>(async () => await store.ReadNodesAsync([new NodeId(0, 8)], hashes));
            Assert.Equal(second.Readings[0], store.FindReading(Device, 1));
            Assert.Null(store.FindReading(Device, 2));
            Assert.Equal(new StoreCounts(7, 2, first.Nodes.Count + second.Nodes.Count, 0), await store.CountAsync());
            Assert.Empty(await store.CheckIntegrityAsync());
        }
    }

    [Fact]
    public async Task Readings_are_found_by_device_and_time_window_across_month_boundaries()
    {
        // Quarter hours around three month ends, one reading before 1970 and one in the year 9999 (the default partition's).
        long[] starts = [-Quarter, January2026 - Quarter, January2026, January2026 + (30 * 86_400_000L) + (95 * Quarter), 1_769_904_000_000 - Quarter, 1_769_904_000_000,
            1_772_323_200_000 - Quarter, 1_772_323_200_000, 253_380_000_000_000];
        var log = new LogBuilder();
        var rows = starts.Select((start, i) => LogBuilder.Reading(Device, i + 1, start)).ToList();
        var batch = log.Next(1, [.. rows, LogBuilder.Reading(OtherDevice, 1, January2026)]);
        using var store = Open();
        await store.CommitAsync(batch);
        var stored = batch.Readings.Where(r => r.Device == Device).ToList();
        var edges = starts.SelectMany(s => new[] { s - 1, s, s + 1 }).Append(long.MinValue).Append(long.MaxValue).Distinct().Order().ToList();
        foreach (var from in edges)
        {
            foreach (var to in edges.Where(t => t >= from))
            {
                foreach (var limit in new[] { 1, 3, 100 })
                {
                    var expected = stored.Where(r => r.StartMs >= from && r.StartMs < to).Take(limit).ToList();
                    Assert.Equal(expected, await store.ReadingsAsync(Device, from, to, limit));
                }
            }
        }

        Assert.Equal([batch.Readings[^1]], await store.ReadingsAsync(OtherDevice, long.MinValue, long.MaxValue, 10));
        Assert.Empty(await store.ReadingsAsync("did:key:z6MknoSuchDevice", long.MinValue, long.MaxValue, 10));
        foreach (var row in stored)
        {
            Assert.Equal(row, store.FindReading(Device, row.Sequence));
        }

        Assert.Empty(await store.CheckIntegrityAsync());
    }

    [Fact]
    public async Task A_failed_commit_keeps_nothing_and_the_store_takes_the_next_commit()
    {
        var log = new LogBuilder();
        using var store = Open();
        var committed = log.Next(participants: 2);
        await store.CommitAsync(committed);
        var failing = log.Next(2, LogBuilder.Reading(Device, 1, January2026));
        var blocker = failing.Entries[1].Index;

        // A row where the batch's second entry goes: the transaction fails after the first entry was written.
        await ExecuteAsync($"INSERT INTO entries(idx, kind, data, leaf) VALUES ({blocker}, 1, {Blob([1])}, {Blob([2])})");
        var failure = await Assert.ThrowsAsync<StoreWriteException>(() => store.CommitAsync(failing));
        Assert.Equal(StoreFaultCauses.Other, failure.Cause);
        Assert.Equal(2, store.Size);
        Assert.Equal(new StoreCounts(3, 0, committed.Nodes.Count, 0), await store.CountAsync());
        Assert.Null(store.FindReading(Device, 1));

        await ExecuteAsync($"DELETE FROM entries WHERE idx = {blocker}");
        await store.CommitAsync(failing);
        Assert.Equal(5, store.Size);
        Assert.Equal(failing.Readings[0], store.FindReading(Device, 1));
        Assert.Equal(log.Root, await MerkleProofs.RootAsync(store, 5));
        Assert.Empty(await store.CheckIntegrityAsync());
    }

    [Fact]
    public async Task A_batch_that_reached_the_database_although_its_commit_failed_is_recognised_not_stored_twice()
    {
        var log = new LogBuilder();
        using var store = Open();
        await store.CommitAsync(log.Next(participants: 1));
        var batch = log.Next(1, LogBuilder.Reading(Device, 1, January2026), LogBuilder.Reading(Device, 2, January2026 + Quarter));

        // The batch lands (here through a second store, as if the first's COMMIT answer were lost); the first store's commit then fails.
        using (var other = Open())
        {
            await other.CommitAsync(batch);
        }

        await Assert.ThrowsAsync<StoreWriteException>(() => store.CommitAsync(batch));
        await store.CommitAsync(batch);
        Assert.Equal(4, store.Size);
        Assert.Equal(new StoreCounts(4, 2, batch.Nodes.Count + 1, 0), await store.CountAsync());

        // The store goes on from there: the next batch, with a new device, is stored once.
        var next = log.Next(0, LogBuilder.Reading(OtherDevice, 1, January2026));
        await store.CommitAsync(next);
        Assert.Equal(5, store.Size);
        Assert.Equal(next.Readings[0], store.FindReading(OtherDevice, 1));
        Assert.Equal(log.Root, await MerkleProofs.RootAsync(store, 5));
        Assert.Empty(await store.CheckIntegrityAsync());
    }

    [Fact]
    public async Task Other_entries_where_a_failed_batch_should_be_are_refused_as_written_by_someone_else()
    {
        var log = new LogBuilder();
        using var store = Open();
        await store.CommitAsync(log.Next(participants: 1));
        using (var other = Open())
        {
            await other.CommitAsync(log.Other(2));
        }

        var batch = log.Next(participants: 2);
        await Assert.ThrowsAsync<StoreWriteException>(() => store.CommitAsync(batch));
        var refused = await Assert.ThrowsAsync<StoreWriteException>(() => store.CommitAsync(batch));
        Assert.Equal(StoreFaultCauses.Corrupt, refused.Cause);
        Assert.Contains("written by someone else", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, store.Size);
    }

    [Fact]
    public async Task Meta_is_written_replaced_and_kept()
    {
        using (var store = Open())
        {
            Assert.Null(store.GetMeta("origin"));
            store.SetMeta("origin", "ledger.test/one");
            store.SetMeta("origin", "ledger.test/two");
            store.SetMeta("grid_authority", "did:key:z6Mkga");
            Assert.Equal("ledger.test/two", store.GetMeta("origin"));
        }

        using var reopened = Open();
        Assert.Equal("ledger.test/two", reopened.GetMeta("origin"));
        Assert.Equal("did:key:z6Mkga", reopened.GetMeta("grid_authority"));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Checkpoints_are_kept_in_size_order_and_the_latest_is_the_largest()
    {
        using var store = Open();
        Assert.Null(await store.LatestCheckpointAsync());
        var small = new StoredCheckpoint(3, Sha256Hash.Compute([3]), "note 3\n", 1_000);
        var large = new StoredCheckpoint(9, Sha256Hash.Compute([9]), "note 9\n", 3_000);
        var middle = new StoredCheckpoint(5, Sha256Hash.Compute([5]), "note 5\n", 2_000);
        await store.SaveCheckpointAsync(small);
        await store.SaveCheckpointAsync(large);
        await store.SaveCheckpointAsync(middle);
        var again = middle with { Note = "note 5, cosigned\n", SignedAtMs = 2_500 };
        await store.SaveCheckpointAsync(again);
        Assert.Equal(large, await store.LatestCheckpointAsync());
        Assert.Equal([small, again, large], await store.CheckpointsAsync());
        Assert.Equal(3, (await store.CountAsync()).Checkpoints);
    }

    [Fact]
    public async Task Quarantine_rows_are_listed_newest_first_within_the_limit_and_counts_add_up_across_commits()
    {
        using (var store = Open())
        {
            for (var i = 0; i < 5; i++)
            {
                var batch = new LedgerBatch();
                batch.Quarantine.Add(new QuarantineRecord(0, 1_000 + i, "dream/v1/x/readings", i % 2 == 0 ? Device : null, i % 2 == 0 ? i : null, "bad_signature", $"detail {i}", [(byte)i]));
                batch.QuarantineCounts[(Device, "bad_signature")] = new QuarantineCount(Device, "bad_signature", 3, i == 4 ? 0 : 1, i == 4 ? 0 : 100, 1_000 + i, 1_000 + i, $"detail {i}");
                await store.CommitAsync(batch);
            }
        }

        using var reopened = Open();
        var rows = await reopened.QuarantineAsync(3);
        Assert.Equal([1_004L, 1_003L, 1_002L], rows.Select(r => r.ReceivedAtMs));
        Assert.Equal((Device, (long?)4, "detail 4", "04"), (rows[0].Device, rows[0].Sequence, rows[0].Detail, Convert.ToHexString(rows[0].Data)));
        Assert.Equal(((string?)null, (long?)null), (rows[1].Device, rows[1].Sequence));
        Assert.True(rows[0].Id > rows[1].Id && rows[1].Id > rows[2].Id);
        Assert.Equal(5, (await reopened.QuarantineAsync(100)).Count);

        // What the engine's quarantine budget is rebuilt from at start: every refusal counted, fewer bodies kept (throttled).
        var count = Assert.Single(reopened.QuarantineCounts());
        Assert.Equal(new QuarantineCount(Device, "bad_signature", 15, 4, 400, 1_000, 1_004, "detail 4"), count);
    }

    [Fact]
    public async Task Pending_passports_are_added_once_listed_in_submission_order_and_change_status_with_a_commit()
    {
        using var store = Open();
        var later = new PendingPassport("b", Device, [1, 2], 2_000, "pending");
        var earlier = new PendingPassport("a", OtherDevice, [3], 1_000, "pending");
        await store.AddPendingPassportAsync(later);
        await store.AddPendingPassportAsync(earlier);
        await store.AddPendingPassportAsync(later with { Envelope = [9], Status = "approved" });
        Assert.Equal(["a", "b"], (await store.PendingPassportsAsync()).Select(p => p.Id));
        Assert.Equal((later.Device, "0102", "pending"), Shape(await store.PendingPassportAsync("b")));
        Assert.Null(await store.PendingPassportAsync("c"));

        var log = new LogBuilder();
        var batch = log.Next(participants: 1);
        batch.PassportStatus.Add(("b", "approved"));
        await store.CommitAsync(batch);
        Assert.Equal("approved", (await store.PendingPassportAsync("b"))!.Status);
        Assert.Equal("pending", (await store.PendingPassportAsync("a"))!.Status);
    }

    [Fact]
    public async Task The_integrity_check_finds_a_missing_table()
    {
        using (var store = Open())
        {
            Assert.Empty(await store.CheckIntegrityAsync());
        }

        await ExecuteAsync("DROP TABLE pending_passports");
        using var damaged = OpenReadOnly();
        var problems = await damaged.CheckIntegrityAsync();
        Assert.Contains(problems, p => p.Contains("pending_passports", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fresh_database_is_migrated_to_the_current_version_and_reopening_applies_nothing()
    {
        using (Open())
        {
        }

        var applied = await MigrationsAsync();
        Assert.NotEmpty(applied);
        Assert.Equal(Enumerable.Range(1, applied.Count).Select(v => (long)v), applied.Select(m => m.Version));
        Assert.All(applied, m => Assert.True(m.AppliedAtMs > 1_700_000_000_000, $"applied at {m.AppliedAtMs}"));

        using (var again = Open())
        {
            Assert.Empty(await again.CheckIntegrityAsync());
        }

        Assert.Equal(applied, await MigrationsAsync());
        using var audit = OpenReadOnly();
        Assert.Equal(0, audit.Size);
    }

    [Fact]
    public async Task A_database_newer_than_the_code_is_refused_with_one_line()
    {
        using (Open())
        {
        }

        var known = (await MigrationsAsync()).Max(m => m.Version);
        await ExecuteAsync($"INSERT INTO schema_migrations(version, applied_at) VALUES ({known + 1}, 0)");
        foreach (var open in new Func<ILedgerStore>[] { Open, OpenReadOnly })
        {
            var refused = Assert.Throws<StoreSchemaException>(() => open().Dispose());
            Assert.Contains($"schema version {known + 1}, newer than this dream-ledger knows ({known})", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', refused.Message);
        }

        Assert.Equal(known + 1, (await MigrationsAsync()).Max(m => m.Version));
    }

    protected async Task ExecuteAsync(string sql)
    {
        await using var connection = Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A bytes literal of the database's SQL (SQLite <c>x'..'</c>, PostgreSQL <c>'\x..'</c>).</summary>
    protected abstract string Blob(byte[] bytes);

    private async Task<List<(long Version, long AppliedAtMs)>> MigrationsAsync()
    {
        await using var connection = Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, applied_at FROM schema_migrations ORDER BY version";
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<(long, long)>();
        while (await reader.ReadAsync())
        {
            result.Add((Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetInt64(1)));
        }

        return result;
    }

    private static List<string> Describe(IEnumerable<StoredEntry> entries) =>
        [.. entries.Select(e => $"{e.Index} {e.Kind} {e.Device} {e.Sequence} {e.LeafHash.ToBase64()} {Encoding.UTF8.GetString(e.Data)}")];

    private static (string, string, string)? Shape(PendingPassport? passport) =>
        passport is null ? null : (passport.Device, Convert.ToHexString(passport.Envelope), passport.Status);
}
