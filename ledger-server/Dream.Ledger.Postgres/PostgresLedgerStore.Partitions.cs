using System.Globalization;

namespace Dream.Ledger.Postgres;

// The readings index's month partitions, made in the commit of the first batch that needs one.
public sealed partial class PostgresLedgerStore
{
    /// <summary>Months that need no partition made: theirs exists, or their rows live in the default partition.</summary>
    private readonly HashSet<string> _partitions = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes, inside the batch's transaction (so a failed commit leaves none), the partition of every month the batch's
    /// readings start in that has none yet. A month whose rows are already in the default partition (its partition was
    /// detached for archiving, then a late reading came) keeps them there: PostgreSQL refuses a partition whose range
    /// the default partition holds rows of, and a reading must never be refused for it.
    /// </summary>
    private async Task CreatePartitionsAsync(NpgsqlConnection connection, List<Storage.StoredReading> readings, List<ReadingPartition> created)
    {
        foreach (var month in readings.Select(r => ReadingPartition.Of(r.StartMs)).OfType<ReadingPartition>().Distinct())
        {
            if (_partitions.Contains(month.Name) || created.Contains(month))
            {
                continue;
            }

            await using var inDefault = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {PostgresSchema.DefaultPartition} WHERE start_ms >= @a AND start_ms < @b)", connection);
            inDefault.Parameters.AddWithValue("a", month.FromMs);
            inDefault.Parameters.AddWithValue("b", month.ToMs);
            if (!(bool)(await inDefault.ExecuteScalarAsync(CancellationToken.None))!)
            {
                // A table of that name that is not a partition (detached, not dropped yet) is left alone: the rows go to the default.
                await using var create = new NpgsqlCommand(
                    string.Create(CultureInfo.InvariantCulture, $"CREATE TABLE IF NOT EXISTS {month.Name} PARTITION OF readings FOR VALUES FROM ({month.FromMs}) TO ({month.ToMs})"),
                    connection);
                await create.ExecuteNonQueryAsync(CancellationToken.None);
            }

            created.Add(month);
        }
    }

    private void LoadPartitions(NpgsqlConnection connection)
    {
        _partitions.Clear();
        using var command = new NpgsqlCommand("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'readings'::regclass", connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            _partitions.Add(reader.GetString(0));
        }
    }
}
