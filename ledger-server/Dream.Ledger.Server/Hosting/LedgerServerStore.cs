using Dream.Ledger.Postgres;
using Dream.Ledger.Storage;

namespace Dream.Ledger.Server.Hosting;

/// <summary>
/// Which store a ledger's configuration names: PostgreSQL when <see cref="LedgerServerConfig.Postgres"/> is set, else
/// SQLite's <c>ledger.db</c> in the data directory (the default, for one box and the demo). The key, the admin token
/// and the tiles stay in the data directory either way.
/// </summary>
public static class LedgerServerStore
{
    /// <summary>Opens the configured store for the server (migrating its schema).</summary>
    public static ILedgerStore Open(LedgerServerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Postgres is { } connection ? PostgresLedgerStore.Open(connection) : new LedgerDataDirectory(config.DataDir).OpenStore();
    }

    /// <summary>Opens a store for an audit or a report: read only, nothing migrated or written.</summary>
    public static ILedgerStore OpenReadOnly(string dataDir, string? postgres) =>
        postgres is not null ? PostgresLedgerStore.OpenReadOnly(postgres) : new LedgerDataDirectory(dataDir).OpenStoreReadOnly();

    /// <summary>The configured database in words, for messages (never a password).</summary>
    public static string Describe(LedgerServerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Postgres is { } connection ? PostgresLedgerStore.Describe(connection) : new LedgerDataDirectory(config.DataDir).DatabaseFile;
    }

    /// <summary>The command that audits the configured store.</summary>
    public static string VerifyCommand(LedgerServerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Postgres is null ? $"dream-ledger verify --data-dir {config.DataDir}" : "dream-ledger verify --postgres '<its connection string>'";
    }

    /// <summary><c>dream-ledger init</c>: the key and token in <paramref name="dataDir"/>, the log in the store <paramref name="postgres"/> names (else SQLite).</summary>
    public static Task<LedgerDataDirectory> InitializeAsync(string dataDir, string? postgres, string origin, string name, TimeProvider time, CancellationToken cancellationToken = default) =>
        postgres is null
            ? LedgerDataDirectory.InitializeAsync(dataDir, origin, name, time, cancellationToken)
            : LedgerDataDirectory.InitializeAsync(dataDir, origin, name, time, _ => PostgresLedgerStore.Open(postgres, time), cancellationToken);
}
