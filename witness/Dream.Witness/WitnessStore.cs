using Microsoft.Data.Sqlite;

namespace Dream.Witness;

/// <summary>
/// The witness's durable state in SQLite (WAL, synchronous=FULL: a cosigned size survives a crash): per log the
/// latest cosigned checkpoint, and a bounded record of refused, correctly signed checkpoints (evidence of a fork).
/// Callers serialize access (<see cref="Witness"/> holds one lock over check and save).
/// </summary>
public sealed class WitnessStore : IDisposable
{
    /// <summary>How many refused checkpoints are kept as evidence; the oldest go first.</summary>
    public const int MaxEvidence = 1000;

    private readonly SqliteConnection _connection;

    private WitnessStore(SqliteConnection connection)
    {
        _connection = connection;
    }

    public static WitnessStore Open(string path)
    {
        SQLitePCL.Batteries_V2.Init();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            CREATE TABLE IF NOT EXISTS cosigned (origin TEXT PRIMARY KEY, size INTEGER NOT NULL, root BLOB NOT NULL, note TEXT NOT NULL, cosigned_ms INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS evidence (id INTEGER PRIMARY KEY AUTOINCREMENT, origin TEXT NOT NULL, received_ms INTEGER NOT NULL, status INTEGER NOT NULL, reason TEXT NOT NULL, request TEXT NOT NULL);
            """);
        return new WitnessStore(connection);
    }

    public WitnessedCheckpoint? Latest(string origin)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT size, root, note, cosigned_ms FROM cosigned WHERE origin = $o";
        command.Parameters.AddWithValue("$o", origin);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new WitnessedCheckpoint(origin, reader.GetInt64(0), Sha256Hash.FromBytes((byte[])reader[1]), reader.GetString(2), reader.GetInt64(3))
            : null;
    }

    public void Save(WitnessedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO cosigned(origin, size, root, note, cosigned_ms) VALUES ($o, $s, $r, $n, $t)";
        command.Parameters.AddWithValue("$o", checkpoint.Origin);
        command.Parameters.AddWithValue("$s", checkpoint.Size);
        command.Parameters.AddWithValue("$r", checkpoint.Root.ToArray());
        command.Parameters.AddWithValue("$n", checkpoint.Note);
        command.Parameters.AddWithValue("$t", checkpoint.CosignedAtMs);
        command.ExecuteNonQuery();
    }

    /// <summary>Keeps a refused request whose checkpoint the log did sign: with the cosigned one, it proves a split view.</summary>
    public void RecordEvidence(string origin, long receivedMs, int status, string reason, string request)
    {
        using var transaction = _connection.BeginTransaction();
        using (var insert = _connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO evidence(origin, received_ms, status, reason, request) VALUES ($o, $t, $s, $r, $q)";
            insert.Parameters.AddWithValue("$o", origin);
            insert.Parameters.AddWithValue("$t", receivedMs);
            insert.Parameters.AddWithValue("$s", status);
            insert.Parameters.AddWithValue("$r", reason);
            insert.Parameters.AddWithValue("$q", request);
            insert.ExecuteNonQuery();
        }

        using (var trim = _connection.CreateCommand())
        {
            trim.CommandText = "DELETE FROM evidence WHERE id <= (SELECT MAX(id) FROM evidence) - $max";
            trim.Parameters.AddWithValue("$max", MaxEvidence);
            trim.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>The refused requests kept, oldest first: (origin, status, reason).</summary>
    public IReadOnlyList<(string Origin, int Status, string Reason)> Evidence()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT origin, status, reason FROM evidence ORDER BY id";
        using var reader = command.ExecuteReader();
        var result = new List<(string, int, string)>();
        while (reader.Read())
        {
            result.Add((reader.GetString(0), reader.GetInt32(1), reader.GetString(2)));
        }

        return result;
    }

    public void Dispose() => _connection.Dispose();

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
