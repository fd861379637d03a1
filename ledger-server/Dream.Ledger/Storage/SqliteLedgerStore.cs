using Dream.Ledger.Log;
using Dream.Transparency.Merkle;
using Microsoft.Data.Sqlite;

namespace Dream.Ledger.Storage;

/// <summary>
/// The ledger in one SQLite file: WAL and synchronous=FULL, so a commit is on disk (fsync) when it returns.
/// One writer connection (the ingest committer); every read opens its own pooled connection. A failed write
/// (disk full, I/O error) is rolled back and the writer connection discarded, so the next write starts on
/// a fresh connection; the failure is a <see cref="StoreWriteException"/> naming its cause.
/// </summary>
public sealed partial class SqliteLedgerStore : ILedgerStore
{
    private static readonly Lazy<bool> s_init = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private readonly string _path;
    private readonly string _connectionString;
    private readonly string _writerConnectionString;
    private readonly bool _readOnly;
    private readonly Lock _writeLock = new();
    private SqliteConnection? _writer;
    private bool _reopened;
    private long _size;
    private long _commits;
    private readonly Dictionary<string, long> _deviceIds = new(StringComparer.Ordinal);
    private long _lastDeviceId;

    private SqliteLedgerStore(string path, bool readOnly)
    {
        _path = path;
        _readOnly = readOnly;
        var mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = true, DefaultTimeout = 30 }.ToString();

        // Never pooled: after a failed write the writer is closed for real, not handed to a reader.
        _writerConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = 30 }.ToString();
        _writer = OpenWriter();
    }

    public long Size => Interlocked.Read(ref _size);

    /// <summary>Batches committed (<see cref="CommitAsync"/>) since the store was opened, one fsync each.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    public static SqliteLedgerStore Open(string path)
    {
        _ = s_init.Value;
        var store = new SqliteLedgerStore(path, readOnly: false);
        store.CreateSchema();
        return store;
    }

    /// <summary>Opens an existing ledger database for reading only (an audit): nothing is created or written.</summary>
    public static SqliteLedgerStore OpenReadOnly(string path)
    {
        _ = s_init.Value;
        var store = new SqliteLedgerStore(path, readOnly: true);
        bool earlier;
        int version;
        lock (store._writeLock)
        {
            store._size = CountEntries(store.Writer());
            earlier = HasTextKeyedReadings(store.Writer());
            version = StoredVersion(store.Writer());
            if (!earlier)
            {
                store.LoadDeviceIds(store.Writer());
            }
        }

        if (earlier)
        {
            store.Dispose();
            throw new IOException($"{path} was written by an earlier dream-ledger (its readings index is keyed by the device's did:key text); `dream-ledger run` rewrites it once when it starts: start the server on it once, or audit a copy after that.");
        }

        var known = SchemaMigrations.Known(s_migrations);
        if (version != known)
        {
            store.Dispose();
            throw version > known ? StoreSchemaException.Newer(path, version, known) : StoreSchemaException.Older(path, version, known);
        }

        return store;
    }

    public string? GetMeta(string key)
    {
        lock (_writeLock)
        {
            using var command = Writer().CreateCommand();
            command.CommandText = "SELECT value FROM meta WHERE key = $k";
            command.Parameters.AddWithValue("$k", key);
            return command.ExecuteScalar() as string;
        }
    }

    public void SetMeta(string key, string value)
    {
        lock (_writeLock)
        {
            Write(writer =>
            {
                using var command = writer.CreateCommand();
                command.CommandText = "INSERT INTO meta(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
                command.Parameters.AddWithValue("$k", key);
                command.Parameters.AddWithValue("$v", value);
                command.ExecuteNonQuery();
            }, "write meta");
        }
    }

    public Task CommitAsync(LedgerBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_writeLock)
        {
            if (_reopened && WasCommittedBefore(batch))
            {
                return Task.CompletedTask;
            }

            // A failed write discards the connection and sets _reopened: the next commit reloads the device
            // numbers from the file (WasCommittedBefore), so numbers given out by a commit that failed are forgotten.
            Write(
                writer =>
                {
                    Execute(writer, "BEGIN IMMEDIATE");
                    Insert(writer, batch);
                    Execute(writer, "COMMIT");
                },
                "commit the batch");
            Interlocked.Add(ref _size, batch.Entries.Count);
            Interlocked.Increment(ref _commits);
        }

        return Task.CompletedTask;
    }

    private void Insert(SqliteConnection writer, LedgerBatch batch)
    {
        if (batch.Entries.Count > 0)
        {
            batch.CheckContinues(_size);
            using var insert = Command(writer, "INSERT INTO entries(idx, kind, device, seq, data, leaf) VALUES ($i, $k, $d, $s, $data, $leaf)", "$i", "$k", "$d", "$s", "$data", "$leaf");
            foreach (var e in batch.Entries)
            {
                Run(insert, e.Index, (long)e.Kind, e.Device, e.Device is null ? null : e.Sequence, e.Data, e.LeafHash.ToArray());
            }

            using var node = Command(writer, "INSERT OR REPLACE INTO nodes(level, idx, hash) VALUES ($l, $i, $h)", "$l", "$i", "$h");
            foreach (var n in batch.Nodes)
            {
                Run(node, (long)n.Id.Level, n.Id.Index, n.Hash.ToArray());
            }
        }

        if (batch.Readings.Count > 0)
        {
            InsertReadings(writer, batch.Readings);
        }

        if (batch.Quarantine.Count > 0)
        {
            using var quarantine = Command(writer,
                "INSERT INTO quarantine(received_ms, topic, device, seq, reason, detail, data) VALUES ($t, $topic, $d, $s, $r, $detail, $data)",
                "$t", "$topic", "$d", "$s", "$r", "$detail", "$data");
            foreach (var q in batch.Quarantine)
            {
                Run(quarantine, q.ReceivedAtMs, q.Topic, q.Device, q.Sequence, q.Reason, q.Detail, q.Data);
            }
        }

        if (batch.QuarantineCounts.Count > 0)
        {
            using var count = Command(writer, """
                INSERT INTO quarantine_counts(source, reason, count, kept, kept_bytes, first_ms, last_ms, last_detail) VALUES ($s, $r, $n, $k, $b, $f, $l, $d)
                ON CONFLICT(source, reason) DO UPDATE SET count = count + excluded.count, kept = kept + excluded.kept, kept_bytes = kept_bytes + excluded.kept_bytes,
                    last_ms = excluded.last_ms, last_detail = excluded.last_detail
                """, "$s", "$r", "$n", "$k", "$b", "$f", "$l", "$d");
            foreach (var c in batch.QuarantineCounts.Values)
            {
                Run(count, c.Source, c.Reason, c.Count, c.Kept, c.KeptBytes, c.FirstMs, c.LastMs, c.LastDetail);
            }
        }

        if (batch.PassportStatus.Count > 0)
        {
            using var status = Command(writer, "UPDATE pending_passports SET status = $s WHERE id = $i", "$s", "$i");
            foreach (var (id, value) in batch.PassportStatus)
            {
                Run(status, value, id);
            }
        }
    }

    public Task<IReadOnlyList<StoredEntry>> ReadEntriesAsync(long start, int count, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT idx, kind, data, leaf, device, seq FROM entries WHERE idx >= $a AND idx < $b ORDER BY idx";
        command.Parameters.AddWithValue("$a", start);
        command.Parameters.AddWithValue("$b", Math.Min(start + count, Size));
        using var reader = command.ExecuteReader();
        var result = new List<StoredEntry>();
        while (reader.Read())
        {
            result.Add(new StoredEntry(reader.GetInt64(0), (EntryKind)reader.GetInt64(1), (byte[])reader[2], Sha256Hash.FromBytes((byte[])reader[3]),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? 0 : reader.GetInt64(5)));
        }

        return Task.FromResult<IReadOnlyList<StoredEntry>>(result);
    }

    public StoredReading? FindReading(string device, long sequence)
    {
        lock (_writeLock)
        {
            if (!_deviceIds.TryGetValue(device, out var id))
            {
                return null;
            }

            using var command = Writer().CreateCommand();
            command.CommandText = $"{SelectReadings} WHERE r.device = $d AND r.seq = $s";
            command.Parameters.AddWithValue("$d", id);
            command.Parameters.AddWithValue("$s", sequence);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadReading(reader) : null;
        }
    }

    public Task SaveCheckpointAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO checkpoints(size, root, note, signed_ms) VALUES ($s, $r, $n, $t)";
            command.Parameters.AddWithValue("$s", checkpoint.Size);
            command.Parameters.AddWithValue("$r", checkpoint.Root.ToArray());
            command.Parameters.AddWithValue("$n", checkpoint.Note);
            command.Parameters.AddWithValue("$t", checkpoint.SignedAtMs);
            command.ExecuteNonQuery();
        }
        catch (SqliteException e)
        {
            throw new StoreWriteException(Classify(e), $"The store could not save the checkpoint of size {checkpoint.Size}: {e.Message}", e);
        }

        return Task.CompletedTask;
    }

    public async Task<StoredCheckpoint?> LatestCheckpointAsync(CancellationToken cancellationToken = default)
    {
        var found = await QueryCheckpointsAsync($"SELECT {StoreRows.CheckpointColumns} FROM checkpoints ORDER BY size DESC LIMIT 1");
        return found.Count > 0 ? found[0] : null;
    }

    public Task<IReadOnlyList<StoredCheckpoint>> CheckpointsAsync(CancellationToken cancellationToken = default) =>
        QueryCheckpointsAsync($"SELECT {StoreRows.CheckpointColumns} FROM checkpoints ORDER BY size");

    public Task<IReadOnlyList<QuarantineRecord>> QuarantineAsync(int limit, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoreRows.QuarantineColumns} FROM quarantine ORDER BY id DESC LIMIT $n";
        command.Parameters.AddWithValue("$n", limit);
        return Task.FromResult<IReadOnlyList<QuarantineRecord>>(StoreRows.ReadAll(command, StoreRows.Quarantine));
    }

    public IReadOnlyList<QuarantineCount> QuarantineCounts()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoreRows.QuarantineCountColumns} FROM quarantine_counts ORDER BY last_ms DESC";
        return StoreRows.ReadAll(command, StoreRows.QuarantineCount);
    }

    public Task AddPendingPassportAsync(PendingPassport passport, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passport);
        lock (_writeLock)
        {
            Write(writer =>
            {
                using var command = writer.CreateCommand();
                command.CommandText = "INSERT INTO pending_passports(id, device, envelope, submitted_ms, status) VALUES ($i, $d, $e, $t, $s) ON CONFLICT(id) DO NOTHING";
                command.Parameters.AddWithValue("$i", passport.Id);
                command.Parameters.AddWithValue("$d", passport.Device);
                command.Parameters.AddWithValue("$e", passport.Envelope);
                command.Parameters.AddWithValue("$t", passport.SubmittedAtMs);
                command.Parameters.AddWithValue("$s", passport.Status);
                command.ExecuteNonQuery();
            }, "store the submitted passport");
        }

        return Task.CompletedTask;
    }

    public async Task<PendingPassport?> PendingPassportAsync(string id, CancellationToken cancellationToken = default)
    {
        var found = await QueryPassportsAsync("WHERE id = $i", id);
        return found.Count > 0 ? found[0] : null;
    }

    public Task<IReadOnlyList<PendingPassport>> PendingPassportsAsync(CancellationToken cancellationToken = default) =>
        QueryPassportsAsync(string.Empty, null);

    /// <summary>
    /// Reads each run of consecutive nodes of one level (a tile's 256 hashes, a proof's neighbours) with one range
    /// query instead of one query per node.
    /// </summary>
    public ValueTask ReadNodesAsync(IReadOnlyList<NodeId> nodes, Memory<Sha256Hash> hashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT idx, hash FROM nodes WHERE level = $l AND idx >= $a AND idx < $b ORDER BY idx";
        var level = command.Parameters.Add("$l", SqliteType.Integer);
        var from = command.Parameters.Add("$a", SqliteType.Integer);
        var to = command.Parameters.Add("$b", SqliteType.Integer);
        for (var start = 0; start < nodes.Count;)
        {
            var end = NodeRuns.End(nodes, start);
            level.Value = nodes[start].Level;
            from.Value = nodes[start].Index;
            to.Value = nodes[start].Index + (end - start);
            var next = start;
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read() && next < end && reader.GetInt64(0) == nodes[next].Index)
                {
                    hashes.Span[next++] = Sha256Hash.FromBytes((byte[])reader[1]);
                }
            }

            NodeRuns.CheckFilled(nodes, next, end);
            start = end;
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    private Task<IReadOnlyList<StoredCheckpoint>> QueryCheckpointsAsync(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Task.FromResult<IReadOnlyList<StoredCheckpoint>>(StoreRows.ReadAll(command, StoreRows.Checkpoint));
    }

    private Task<IReadOnlyList<PendingPassport>> QueryPassportsAsync(string where, string? id)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoreRows.PendingPassportColumns} FROM pending_passports {where} ORDER BY submitted_ms";
        if (id is not null)
        {
            command.Parameters.AddWithValue("$i", id);
        }

        return Task.FromResult<IReadOnlyList<PendingPassport>>(StoreRows.ReadAll(command, StoreRows.PendingPassport));
    }

    private SqliteConnection Open() => Connect(_connectionString);

    private SqliteConnection Connect(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = _readOnly
            ? "PRAGMA foreign_keys = ON;"
            : "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private void CreateSchema()
    {
        lock (_writeLock)
        {
            Write(writer => Migrate(writer, _path), "create its tables");
            _size = CountEntries(Writer());
            LoadDeviceIds(Writer());
        }
    }

    private static void CreateSchema(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'quarantine_counts'";
        var hadCounts = (long)command.ExecuteScalar()! > 0;
        MigrateReadings(connection);
        command.CommandText = Schema;
        command.ExecuteNonQuery();
        if (!hadCounts)
        {
            // Counts of refusals per source and reason; a database from before them gets them from its quarantine rows.
            command.CommandText = """
                INSERT INTO quarantine_counts(source, reason, count, kept, kept_bytes, first_ms, last_ms, last_detail)
                SELECT COALESCE(device, topic), reason, COUNT(*), COUNT(*), SUM(length(data) + length(detail) + length(topic) + 64), MIN(received_ms), MAX(received_ms), ''
                FROM quarantine GROUP BY COALESCE(device, topic), reason
                """;
            command.ExecuteNonQuery();
        }
    }

    private const string Schema = """
                CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS entries(idx INTEGER PRIMARY KEY, kind INTEGER NOT NULL, device TEXT, seq INTEGER, data BLOB NOT NULL, leaf BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS nodes(level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY(level, idx)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS devices(id INTEGER PRIMARY KEY, did TEXT NOT NULL UNIQUE);
                CREATE TABLE IF NOT EXISTS readings(device INTEGER NOT NULL, seq INTEGER NOT NULL, log_index INTEGER NOT NULL, hash BLOB NOT NULL, prev BLOB NOT NULL,
                    start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, import_wh INTEGER NOT NULL, export_wh INTEGER NOT NULL, PRIMARY KEY(device, seq)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS checkpoints(size INTEGER PRIMARY KEY, root BLOB NOT NULL, note TEXT NOT NULL, signed_ms INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS quarantine(id INTEGER PRIMARY KEY AUTOINCREMENT, received_ms INTEGER NOT NULL, topic TEXT NOT NULL, device TEXT, seq INTEGER,
                    reason TEXT NOT NULL, detail TEXT NOT NULL, data BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS pending_passports(id TEXT PRIMARY KEY, device TEXT NOT NULL, envelope BLOB NOT NULL, submitted_ms INTEGER NOT NULL, status TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS quarantine_counts(source TEXT NOT NULL, reason TEXT NOT NULL, count INTEGER NOT NULL, kept INTEGER NOT NULL, kept_bytes INTEGER NOT NULL,
                    first_ms INTEGER NOT NULL, last_ms INTEGER NOT NULL, last_detail TEXT NOT NULL, PRIMARY KEY(source, reason)) WITHOUT ROWID;
                """;
}
