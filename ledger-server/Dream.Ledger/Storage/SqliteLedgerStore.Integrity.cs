using Microsoft.Data.Sqlite;

namespace Dream.Ledger.Storage;

// What an audit asks of the file itself: SQLite's integrity check, the schema, row counts.
public sealed partial class SqliteLedgerStore
{
    private static readonly Lazy<HashSet<string>> s_expectedSchema = new(() =>
    {
        using var memory = ExpectedSchema();
        return SchemaOf(memory);
    });

    /// <summary>Per table, a condition true for a row whose every column holds the type the schema declares (SQLite does not enforce it).</summary>
    private static readonly Lazy<List<(string Table, string Typed)>> s_typedRows = new(() =>
    {
        using var memory = ExpectedSchema();
        var tables = new List<string>();
        using (var command = memory.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var result = new List<(string, string)>();
        foreach (var table in tables)
        {
            var conditions = new List<string>();
            using var command = memory.CreateCommand();
            command.CommandText = $"SELECT name, type, \"notnull\" FROM pragma_table_info('{table}')";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var type = reader.GetString(1).ToLowerInvariant();
                conditions.Add(reader.GetInt64(2) == 1 ? $"typeof({reader.GetString(0)}) = '{type}'" : $"typeof({reader.GetString(0)}) IN ('{type}', 'null')");
            }

            result.Add((table, string.Join(" AND ", conditions)));
        }

        return result;
    });

    /// <summary>
    /// <c>PRAGMA integrity_check</c> (every page, every index against its table, NOT NULL columns), every
    /// value's type against the column's declared type, and the schema compared with the one this store
    /// creates; empty when all are sound.
    /// </summary>
    public Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        using var connection = Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA integrity_check(100)";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var line = reader.IsDBNull(0) ? "(null)" : reader.GetString(0);
                if (line != "ok")
                {
                    problems.Add($"SQLite integrity check: {line}");
                }
            }
        }

        var tables = new HashSet<string>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table'";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        // A missing table is reported with the schema below; its rows cannot be read.
        foreach (var (table, typed) in s_typedRows.Value.Where(t => tables.Contains(t.Table)))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE NOT ({typed})";
            if ((long)command.ExecuteScalar()! is var wrong and > 0)
            {
                problems.Add($"Table {table}: {wrong} rows hold a value of another type than the schema declares.");
            }
        }

        var actual = SchemaOf(connection);
        foreach (var missing in s_expectedSchema.Value.Except(actual).Order(StringComparer.Ordinal))
        {
            problems.Add($"The schema lacks (or has an altered) {missing}");
        }

        foreach (var extra in actual.Except(s_expectedSchema.Value).Order(StringComparer.Ordinal))
        {
            problems.Add($"The schema has an unexpected {extra}");
        }

        return Task.FromResult<IReadOnlyList<string>>(problems);
    }

    public Task<StoreCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM entries), (SELECT COUNT(*) FROM readings), (SELECT COUNT(*) FROM nodes), (SELECT COUNT(*) FROM checkpoints)";
        using var reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult(new StoreCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
    }

    private static SqliteConnection ExpectedSchema()
    {
        _ = s_init.Value;
        var memory = new SqliteConnection("Data Source=:memory:");
        memory.Open();
        Migrate(memory, ":memory:");
        return memory;
    }

    private static HashSet<string> SchemaOf(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, name, tbl_name, sql FROM sqlite_schema";
        using var reader = command.ExecuteReader();
        var result = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result.Add($"{reader.GetValue(0)} {reader.GetValue(1)} (of {reader.GetValue(2)}): {reader.GetValue(3)}");
        }

        return result;
    }
}
