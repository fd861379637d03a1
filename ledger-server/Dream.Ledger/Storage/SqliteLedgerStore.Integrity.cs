using Microsoft.Data.Sqlite;

namespace Dream.Ledger.Storage;

// What an audit asks of the file itself: SQLite's integrity check, the schema, row counts.
public sealed partial class SqliteLedgerStore
{
    private static readonly Lazy<HashSet<string>> s_expectedSchema = new(() =>
    {
        _ = s_init.Value;
        using var memory = new SqliteConnection("Data Source=:memory:");
        memory.Open();
        CreateSchema(memory);
        return SchemaOf(memory);
    });

    /// <summary>
    /// <c>PRAGMA integrity_check</c> (every page, every index against its table, NOT NULL columns) and the
    /// schema compared with the one this store creates; empty when both are sound.
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
