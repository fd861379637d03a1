namespace Dream.Ledger.Postgres;

/// <summary>
/// The PostgreSQL schema by version (<see cref="SchemaMigrations"/>). Version 1 is SQLite's schema with PostgreSQL's
/// types: hashes as <c>bytea</c>, entries filed under the device's number like the readings index, and the readings
/// index range-partitioned on the interval start (Unix ms), one partition per UTC month made on demand
/// (<see cref="PostgresLedgerStore"/>) and a default partition so that no reading is ever refused for want of one.
/// Columns are ordered 8-byte first so that rows carry no alignment padding.
/// </summary>
public static class PostgresSchema
{
    public const string DefaultPartition = "readings_default";

    /// <summary>The tables an intact database has (the readings' month partitions besides).</summary>
    public static IReadOnlyList<string> Tables { get; } =
        ["schema_migrations", "meta", "devices", "entries", "nodes", "readings", DefaultPartition, "checkpoints", "quarantine", "quarantine_counts", "pending_passports"];

    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new(1, "entries, nodes, devices, readings partitioned by month, checkpoints, quarantine and its counts, pending passports, meta", c => SchemaMigrations.Execute(c, """
            CREATE TABLE meta(key text PRIMARY KEY, value text NOT NULL);
            CREATE TABLE devices(id integer PRIMARY KEY, did text NOT NULL UNIQUE);
            CREATE TABLE entries(idx bigint PRIMARY KEY, seq bigint, device integer, kind smallint NOT NULL, data bytea NOT NULL, leaf bytea NOT NULL);
            CREATE TABLE nodes(idx bigint NOT NULL, level smallint NOT NULL, hash bytea NOT NULL, PRIMARY KEY(level, idx));
            CREATE TABLE readings(seq bigint NOT NULL, log_index bigint NOT NULL, start_ms bigint NOT NULL, end_ms bigint NOT NULL,
                import_wh bigint NOT NULL, export_wh bigint NOT NULL, device integer NOT NULL, hash bytea NOT NULL, prev bytea NOT NULL,
                PRIMARY KEY(device, seq, start_ms)) PARTITION BY RANGE (start_ms);
            CREATE TABLE readings_default PARTITION OF readings DEFAULT;
            CREATE TABLE checkpoints(size bigint PRIMARY KEY, signed_ms bigint NOT NULL, root bytea NOT NULL, note text NOT NULL);
            CREATE TABLE quarantine(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, received_ms bigint NOT NULL, seq bigint, topic text NOT NULL, device text,
                reason text NOT NULL, detail text NOT NULL, data bytea NOT NULL);
            CREATE TABLE quarantine_counts(count bigint NOT NULL, kept bigint NOT NULL, kept_bytes bigint NOT NULL, first_ms bigint NOT NULL, last_ms bigint NOT NULL,
                source text NOT NULL, reason text NOT NULL, last_detail text NOT NULL, PRIMARY KEY(source, reason));
            CREATE TABLE pending_passports(id text PRIMARY KEY, submitted_ms bigint NOT NULL, device text NOT NULL, envelope bytea NOT NULL, status text NOT NULL);
            """)),
    ];

    public static int Known => SchemaMigrations.Known(Migrations);

    /// <summary>Applies the migrations the database lacks; refuses one newer than <see cref="Known"/>.</summary>
    public static int Migrate(NpgsqlConnection connection, string database, TimeProvider time) =>
        SchemaMigrations.Apply(
            connection,
            database,
            "CREATE TABLE IF NOT EXISTS schema_migrations(version integer PRIMARY KEY, applied_at bigint NOT NULL)",
            // Two ledgers starting on one database at once: the second waits here, then finds the steps applied.
            "BEGIN; LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE",
            Migrations,
            time);

    /// <summary>The database's version; 0 without <c>schema_migrations</c>.</summary>
    public static int Version(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection);
        return (bool)command.ExecuteScalar()! ? SchemaMigrations.Version(connection) : 0;
    }

    /// <summary>Refuses a database that is not at <see cref="Known"/> (an audit opens read only and migrates nothing).</summary>
    public static void RequireCurrent(NpgsqlConnection connection, string database)
    {
        var version = Version(connection);
        if (version != Known)
        {
            throw version > Known ? StoreSchemaException.Newer(database, version, Known) : StoreSchemaException.Older(database, version, Known);
        }
    }
}
