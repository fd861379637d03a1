using Microsoft.Data.Sqlite;

namespace Dream.Ledger.Storage;

// The schema's versions (SchemaMigrations): what each step does to a file.
public sealed partial class SqliteLedgerStore
{
    private const string MigrationsTable = "CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)";

    /// <summary>
    /// Version 1 is the schema as it was when versions began: its step is the one that used to run at every open
    /// (tables created if missing, a file from before the devices table rewritten, counts derived from old
    /// quarantine rows), so a file of any earlier dream-ledger reaches version 1 the way it always did.
    /// </summary>
    private static readonly SchemaMigration[] s_migrations =
    [
        new(1, "entries, nodes, devices, readings by device number, checkpoints, quarantine and its counts, pending passports, meta", c => CreateSchema((SqliteConnection)c)),
    ];

    private static void Migrate(SqliteConnection connection, string path) =>
        SchemaMigrations.Apply(connection, path, MigrationsTable, "BEGIN IMMEDIATE", s_migrations, TimeProvider.System);

    /// <summary>The file's schema version, 0 when it has no <c>schema_migrations</c> (read only: nothing is created).</summary>
    private static int StoredVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
        return (long)command.ExecuteScalar()! == 0 ? 0 : SchemaMigrations.Version(connection);
    }
}
