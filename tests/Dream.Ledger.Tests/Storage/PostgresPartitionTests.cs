using Dream.Ledger.Postgres;
using Dream.Testing;
using Npgsql;

namespace Dream.Ledger.Tests.Storage;

/// <summary>The PostgreSQL store's own part: the readings index by month, and the archive sequence docs/ledger.md gives.</summary>
public sealed class PostgresPartitionTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private const string Device = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    private const long January2026 = 1_767_225_600_000;
    private const long February2026 = 1_769_904_000_000;
    private const long Quarter = 15 * 60_000;

    [Fact]
    public async Task Each_month_gets_its_partition_with_the_batch_that_first_needs_it_and_the_rest_goes_to_the_default()
    {
        var database = await postgres.Server.CreateDatabaseAsync("partitions");
        var log = new LogBuilder();
        using var store = PostgresLedgerStore.Open(database);
        Assert.Empty(await PartitionRowsAsync(database));
        await store.CommitAsync(log.Next(0, LogBuilder.Reading(Device, 1, February2026 - Quarter), LogBuilder.Reading(Device, 2, February2026)));
        await store.CommitAsync(log.Next(0, LogBuilder.Reading(Device, 3, February2026 + Quarter), LogBuilder.Reading(Device, 4, -Quarter)));
        Assert.Equal(
            new Dictionary<string, long> { ["readings_y2026m01"] = 1, ["readings_y2026m02"] = 2, [PostgresSchema.DefaultPartition] = 1 },
            await PartitionRowsAsync(database));
        Assert.Empty(await store.CheckIntegrityAsync());
    }

    [Fact]
    public async Task An_archived_month_is_detached_and_dropped_and_late_readings_of_that_month_still_land()
    {
        const string late = "did:key:z6MklateDevice";
        var database = await postgres.Server.CreateDatabaseAsync("archive");
        var log = new LogBuilder();
        using var store = PostgresLedgerStore.Open(database);
        await store.CommitAsync(log.Next(0, LogBuilder.Reading(Device, 1, January2026), LogBuilder.Reading(Device, 2, February2026)));

        // docs/ledger.md, "Archiving a month": detach, dump (here: nothing to keep), drop.
        await PostgresProcess.ExecuteAsync(database, "ALTER TABLE readings DETACH PARTITION readings_y2026m01; DROP TABLE readings_y2026m01");
        Assert.Empty(await store.ReadingsAsync(Device, January2026, February2026, 10));
        Assert.NotNull(store.FindReading(Device, 2));

        // A late reading of the archived month (another device's backlog) is not refused, by the running store nor by one
        // opened after the archive: both land in the default partition, since no partition can be made over its rows.
        await store.CommitAsync(log.Next(0, LogBuilder.Reading(late, 1, January2026 + Quarter)));
        using var reopened = PostgresLedgerStore.Open(database);
        await reopened.CommitAsync(log.Next(0, LogBuilder.Reading(late, 2, January2026 + (2 * Quarter)), LogBuilder.Reading(late, 3, February2026 + (29 * 86_400_000L))));
        Assert.Equal(
            new Dictionary<string, long> { ["readings_y2026m02"] = 1, ["readings_y2026m03"] = 1, [PostgresSchema.DefaultPartition] = 2 },
            await PartitionRowsAsync(database));
        Assert.Equal([1L, 2L], (await reopened.ReadingsAsync(late, January2026, February2026, 10)).Select(r => r.Sequence));
        Assert.Empty(await reopened.CheckIntegrityAsync());
    }

    /// <summary>Rows per partition of the readings index.</summary>
    private static async Task<Dictionary<string, long>> PartitionRowsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT tableoid::regclass::text, COUNT(*) FROM readings GROUP BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }

        return result;
    }
}
