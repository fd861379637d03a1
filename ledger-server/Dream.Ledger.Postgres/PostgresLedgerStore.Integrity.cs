namespace Dream.Ledger.Postgres;

// What an audit asks of the database itself: the schema's version and tables, the partitions, row counts.
public sealed partial class PostgresLedgerStore
{
    /// <summary>
    /// The schema version; every table, the readings index partitioned with its default partition, every month
    /// partition's bounds against its name; the entries numbered 0..n-1 without a gap; every device number in use
    /// known; and, when the <c>amcheck</c> extension is installed, <c>bt_index_check</c> of every index. PostgreSQL
    /// enforces column types itself, so unlike SQLite there is no per-row type check. Empty when all are sound.
    /// </summary>
    public async Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        var version = PostgresSchema.Version(connection);
        if (version != PostgresSchema.Known)
        {
            problems.Add($"The schema is at version {version}; this dream-ledger's is {PostgresSchema.Known}.");
        }

        var missing = new List<string>();
        foreach (var table in PostgresSchema.Tables)
        {
            if (await ScalarAsync<bool>(connection, "SELECT to_regclass(@t) IS NULL", cancellationToken, ("t", table)))
            {
                missing.Add(table);
            }
        }

        if (missing.Count > 0)
        {
            problems.Add($"The schema lacks the tables {string.Join(", ", missing)}.");
            return problems;
        }

        if (!await ScalarAsync<bool>(connection, "SELECT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = 'readings'::regclass)", cancellationToken))
        {
            problems.Add("The readings index is not a partitioned table.");
        }

        await CheckPartitionsAsync(connection, problems, cancellationToken);
        var (entries, end) = await PairAsync(connection, "SELECT COUNT(*), COALESCE(MAX(idx) + 1, 0) FROM entries WHERE idx >= 0", cancellationToken);
        var negative = await ScalarAsync<long>(connection, "SELECT COUNT(*) FROM entries WHERE idx < 0", cancellationToken);
        if (entries != end || negative > 0)
        {
            problems.Add($"The entries are not numbered 0..n-1: {entries} entries from 0 end at {end}, {negative} have a negative index.");
        }

        var orphans = await PairAsync(connection, """
            SELECT (SELECT COUNT(*) FROM readings r WHERE NOT EXISTS (SELECT 1 FROM devices d WHERE d.id = r.device)),
                   (SELECT COUNT(*) FROM entries e WHERE e.device IS NOT NULL AND NOT EXISTS (SELECT 1 FROM devices d WHERE d.id = e.device))
            """, cancellationToken);
        if (orphans.First > 0 || orphans.Second > 0)
        {
            problems.Add($"{orphans.First} readings index rows and {orphans.Second} entries are filed under a device number the devices table does not have.");
        }

        await CheckIndexesAsync(connection, problems, cancellationToken);
        return problems;
    }

    public async Task<StoreCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT COUNT(*) FROM entries), (SELECT COUNT(*) FROM readings), (SELECT COUNT(*) FROM nodes), (SELECT COUNT(*) FROM checkpoints)", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new StoreCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>The default partition is one, and each month partition covers exactly the month its name says.</summary>
    private static async Task CheckPartitionsAsync(NpgsqlConnection connection, List<string> problems, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'readings'::regclass ORDER BY c.relname",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var hasDefault = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            var bound = reader.GetString(1);
            if (name == PostgresSchema.DefaultPartition)
            {
                hasDefault = bound == "DEFAULT";
                continue;
            }

            var month = ReadingPartition.TryParse(name);
            if (month is null || bound != month.Value.Bound)
            {
                problems.Add($"The readings partition {name} has the bounds {bound}, not those of a month partition.");
            }
        }

        if (!hasDefault)
        {
            problems.Add($"The readings index has no default partition ({PostgresSchema.DefaultPartition}): a reading outside every month partition would be refused.");
        }
    }

    /// <summary><c>bt_index_check</c> (amcheck) of every index of the ledger's tables, when the extension is installed.</summary>
    private static async Task CheckIndexesAsync(NpgsqlConnection connection, List<string> problems, CancellationToken cancellationToken)
    {
        if (!await ScalarAsync<bool>(connection, "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'amcheck')", cancellationToken))
        {
            return;
        }

        await using var command = new NpgsqlCommand("""
            SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
            WHERE a.amname = 'btree' AND c.relkind = 'i' AND i.indrelid IN (SELECT to_regclass(t) FROM unnest(@tables) t UNION SELECT inhrelid FROM pg_inherits WHERE inhparent = 'readings'::regclass)
            """, connection);
        command.Parameters.AddWithValue("tables", PostgresSchema.Tables.ToArray());
        var indexes = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                indexes.Add(reader.GetString(0));
            }
        }

        foreach (var index in indexes)
        {
            try
            {
                await ScalarAsync<object>(connection, "SELECT bt_index_check(@i::regclass)", cancellationToken, ("i", index));
            }
            catch (PostgresException e) when (e.SqlState is "XX001" or "XX002")
            {
                problems.Add($"The index {index} is damaged: {e.MessageText}");
            }
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<(long First, long Second)> PairAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
