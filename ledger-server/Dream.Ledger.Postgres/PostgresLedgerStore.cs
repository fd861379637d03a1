namespace Dream.Ledger.Postgres;

/// <summary>
/// The ledger in a PostgreSQL database (docs/ledger.md, "PostgreSQL store"): the schema of SQLite's store, migrated
/// by version at open, with the readings index partitioned by month. Every session runs with
/// <c>synchronous_commit=on</c>, so a commit is on the server's disk (WAL flushed) when it returns. Commits are
/// serialised by one lock (one ledger writes a database); each write takes a pooled connection, so a failed write
/// leaves no broken connection behind: it is a <see cref="StoreWriteException"/> naming its cause.
/// </summary>
public sealed partial class PostgresLedgerStore : ILedgerStore
{
    private readonly NpgsqlDataSource _source;
    private readonly bool _readOnly;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private long _size;
    private long _commits;
    private int _disposed;

    private PostgresLedgerStore(string connectionString, bool readOnly)
    {
        _readOnly = readOnly;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Name = Describe(builder);

        // Startup options of every session, so no write of this store depends on the server's defaults: a commit
        // returns only once its WAL is flushed; an audit's sessions cannot write.
        var options = readOnly ? "-c synchronous_commit=on -c default_transaction_read_only=on" : "-c synchronous_commit=on";
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? options : $"{builder.Options} {options}";
        builder.ApplicationName ??= "dream-ledger";
        _source = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).EnableArrays().Build();
    }

    /// <summary>The database in words, without the password: "the PostgreSQL database 'dream' on host:port".</summary>
    public string Name { get; }

    public long Size => Interlocked.Read(ref _size);

    /// <summary>Batches committed (<see cref="CommitAsync"/>) since the store was opened, one WAL flush each.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Opens the database, applying the schema migrations it lacks.</summary>
    /// <exception cref="StoreSchemaException">The database's schema is newer than this build knows.</exception>
    /// <exception cref="IOException">The server cannot be reached or refuses the connection.</exception>
    public static PostgresLedgerStore Open(string connectionString, TimeProvider? time = null)
    {
        var store = new PostgresLedgerStore(connectionString, readOnly: false);
        try
        {
            store.Connect(connection =>
            {
                PostgresSchema.Migrate(connection, store.Name, time ?? TimeProvider.System);
                store.Load(connection);
            });
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Opens the database for an audit: every session is read only, and nothing is migrated.</summary>
    /// <exception cref="StoreSchemaException">The schema is not at this build's version.</exception>
    /// <exception cref="IOException">The server cannot be reached or refuses the connection.</exception>
    public static PostgresLedgerStore OpenReadOnly(string connectionString)
    {
        var store = new PostgresLedgerStore(connectionString, readOnly: true);
        try
        {
            store.Connect(connection =>
            {
                PostgresSchema.RequireCurrent(connection, store.Name);
                store.Load(connection);
            });
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>The database in words, for messages: host, port and name, never the password.</summary>
    public static string Describe(string connectionString) => Describe(new NpgsqlConnectionStringBuilder(connectionString));

    public string? GetMeta(string key)
    {
        using var command = _source.CreateCommand("SELECT value FROM meta WHERE key = @k");
        command.Parameters.AddWithValue("k", key);
        return command.ExecuteScalar() as string;
    }

    public void SetMeta(string key, string value)
    {
        using var command = _source.CreateCommand("INSERT INTO meta(key, value) VALUES (@k, @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        command.Parameters.AddWithValue("k", key);
        command.Parameters.AddWithValue("v", value);
        Write(() => command.ExecuteNonQuery(), "write meta");
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _source.Dispose();
            _writeLock.Dispose();
        }
    }

    private static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"the PostgreSQL database '{builder.Database ?? builder.Username ?? "(default)"}' on {builder.Host ?? "localhost"}:{builder.Port}";

    private void Connect(Action<NpgsqlConnection> opened)
    {
        NpgsqlConnection connection;
        try
        {
            connection = _source.OpenConnection();
        }
        catch (NpgsqlException e)
        {
            throw new IOException($"{Name} cannot be reached: {e.Message}", e);
        }

        using (connection)
        {
            opened(connection);
        }
    }

    private void Load(NpgsqlConnection connection)
    {
        _size = CountEntries(connection);
        LoadDeviceIds(connection);
        LoadPartitions(connection);
    }

    private static long CountEntries(NpgsqlConnection connection)
    {
        // The entries are 0..n-1 (the commit refuses anything else; the integrity check counts them): the primary key
        // gives n at once, where COUNT(*) would read the whole table.
        using var command = new NpgsqlCommand("SELECT COALESCE(MAX(idx) + 1, 0) FROM entries", connection);
        return (long)command.ExecuteScalar()!;
    }
}
