using Dream.Contracts;
using Dream.Edge.Intervals;
using Microsoft.Data.Sqlite;

namespace Dream.Edge.Outbox;

/// <summary>
/// The agent's durable state in one SQLite file (WAL, synchronous=FULL): the signed readings not yet
/// covered by a ledger receipt, the device's sequence counter and hash chain, each meter's register
/// baseline and S0 pulse counts. A reading's sequence number, its place in the chain and the meter's new
/// baseline are committed in one transaction before anything is published, so a crash at any point
/// neither repeats nor skips a sequence number. A write that fails (a full disk) is rolled back and reported
/// as <see cref="OutboxWriteException"/>; the store stays usable and the next write works once space returns.
/// </summary>
public sealed class OutboxStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    static OutboxStore() => SQLitePCL.Batteries_V2.Init();

    private OutboxStore(SqliteConnection connection, int maxReadings)
    {
        _connection = connection;
        MaxReadings = maxReadings;
    }

    public int MaxReadings { get; }

    public static OutboxStore Open(string path, int maxReadings = Configuration.OutboxOptions.DefaultMaxReadings)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            PRAGMA busy_timeout=5000;
            CREATE TABLE IF NOT EXISTS readings(
                seq INTEGER PRIMARY KEY,
                meter TEXT NOT NULL,
                hash TEXT NOT NULL,
                end_ms INTEGER NOT NULL,
                envelope BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS chain(
                id INTEGER PRIMARY KEY CHECK (id = 1),
                last_seq INTEGER NOT NULL,
                last_hash TEXT NOT NULL,
                receipt_seq INTEGER NOT NULL DEFAULT 0,
                receipt_log_index INTEGER NOT NULL DEFAULT -1,
                receipt_at_ms INTEGER NOT NULL DEFAULT 0);
            INSERT OR IGNORE INTO chain(id, last_seq, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
            CREATE TABLE IF NOT EXISTS baselines(
                meter TEXT PRIMARY KEY,
                import_wh INTEGER NOT NULL,
                export_wh INTEGER NOT NULL,
                end_ms INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS refusals(
                seq INTEGER PRIMARY KEY,
                reason TEXT NOT NULL,
                detail TEXT NOT NULL,
                retry INTEGER NOT NULL,
                at_ms INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS pulse_counts(
                meter TEXT NOT NULL,
                direction TEXT NOT NULL,
                pulses INTEGER NOT NULL,
                PRIMARY KEY (meter, direction));
            """);
        return new OutboxStore(connection, maxReadings);
    }

    /// <summary>The last sequence number issued (0 before the first reading) and its hash.</summary>
    public (long Sequence, string Hash) Head
    {
        get
        {
            lock (_lock)
            {
                using var command = Command("SELECT last_seq, last_hash FROM chain WHERE id = 1");
                using var reader = command.ExecuteReader();
                reader.Read();
                return (reader.GetInt64(0), reader.GetString(1));
            }
        }
    }

    /// <summary>The highest sequence number a receipt has covered, its log index and when it was applied.</summary>
    public (long ThroughSequence, long LogIndex, long AppliedAtMs) LastReceipt
    {
        get
        {
            lock (_lock)
            {
                using var command = Command("SELECT receipt_seq, receipt_log_index, receipt_at_ms FROM chain WHERE id = 1");
                using var reader = command.ExecuteReader();
                reader.Read();
                return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                using var command = Command("SELECT COUNT(*) FROM readings");
                return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>The oldest unreceipted reading's sequence number and interval end, if any.</summary>
    public (long Sequence, long EndMs)? Oldest
    {
        get
        {
            lock (_lock)
            {
                using var command = Command("SELECT seq, end_ms FROM readings ORDER BY seq LIMIT 1");
                using var reader = command.ExecuteReader();
                return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1)) : null;
            }
        }
    }

    public RegisterBaseline? GetBaseline(string meterId)
    {
        lock (_lock)
        {
            using var command = Command("SELECT import_wh, export_wh, end_ms FROM baselines WHERE meter = $m");
            command.Parameters.AddWithValue("$m", meterId);
            using var reader = command.ExecuteReader();
            return reader.Read() ? new RegisterBaseline(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)) : null;
        }
    }

    /// <summary>Stores the first baseline of a meter (its first boundary), before any reading exists for it.</summary>
    public void SetBaseline(string meterId, RegisterBaseline baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        lock (_lock)
        {
            Write(transaction =>
            {
                UpsertBaseline(transaction, meterId, baseline);
                return 0;
            });
        }
    }

    /// <summary>
    /// Numbers, chains, signs and stores a closed interval in one transaction. <paramref name="sign"/>
    /// receives the next sequence number and the previous reading's hash.
    /// </summary>
    public StoredReading Append(string meterId, ClosedInterval interval, Func<long, string, SignedReading> sign)
    {
        ArgumentNullException.ThrowIfNull(interval);
        ArgumentNullException.ThrowIfNull(sign);
        lock (_lock)
        {
            return Write(transaction => Append(transaction, meterId, interval, sign));
        }
    }

    private StoredReading Append(SqliteTransaction? transaction, string meterId, ClosedInterval interval, Func<long, string, SignedReading> sign)
    {
        using (var count = Command("SELECT COUNT(*) FROM readings", transaction))
        {
            var n = Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (n >= MaxReadings)
            {
                throw new OutboxFullException($"The outbox holds {n} unreceipted readings, its maximum; no receipt has come from the ledger.");
            }
        }

        long lastSeq;
        string lastHash;
        using (var head = Command("SELECT last_seq, last_hash FROM chain WHERE id = 1", transaction))
        using (var reader = head.ExecuteReader())
        {
            reader.Read();
            lastSeq = reader.GetInt64(0);
            lastHash = reader.GetString(1);
        }

        var signed = sign(lastSeq + 1, lastHash);
        if (signed.Reading.Sequence != lastSeq + 1 || signed.Reading.PreviousHash != lastHash)
        {
            throw new InvalidOperationException("The signed reading does not carry the sequence number and previous hash it was given.");
        }

        var stored = new StoredReading(lastSeq + 1, meterId, signed.Hash, interval.EndMs, signed.Envelope.ToBytes());
        using (var insert = Command("INSERT INTO readings(seq, meter, hash, end_ms, envelope) VALUES ($s, $m, $h, $e, $b)", transaction))
        {
            insert.Parameters.AddWithValue("$s", stored.Sequence);
            insert.Parameters.AddWithValue("$m", meterId);
            insert.Parameters.AddWithValue("$h", stored.Hash);
            insert.Parameters.AddWithValue("$e", stored.EndMs);
            insert.Parameters.AddWithValue("$b", stored.Envelope);
            insert.ExecuteNonQuery();
        }

        using (var update = Command("UPDATE chain SET last_seq = $s, last_hash = $h WHERE id = 1", transaction))
        {
            update.Parameters.AddWithValue("$s", stored.Sequence);
            update.Parameters.AddWithValue("$h", stored.Hash);
            update.ExecuteNonQuery();
        }

        UpsertBaseline(transaction, meterId, interval.EndBaseline);
        return stored;
    }

    /// <summary>Readings with sequence numbers from <paramref name="fromSequence"/> on, in order.</summary>
    public IReadOnlyList<StoredReading> ReadFrom(long fromSequence, int max)
    {
        lock (_lock)
        {
            using var command = Command("SELECT seq, meter, hash, end_ms, envelope FROM readings WHERE seq >= $f ORDER BY seq LIMIT $n");
            command.Parameters.AddWithValue("$f", fromSequence);
            command.Parameters.AddWithValue("$n", max);
            using var reader = command.ExecuteReader();
            var result = new List<StoredReading>();
            while (reader.Read())
            {
                result.Add(new StoredReading(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), (byte[])reader[4]));
            }

            return result;
        }
    }

    /// <summary>
    /// Deletes the readings a verified receipt covers (sequence numbers up to <paramref name="throughSequence"/>),
    /// provided our reading with that number has the hash the ledger names.
    /// </summary>
    public ReceiptOutcome ApplyReceipt(long throughSequence, string throughHash, long logIndex, long nowMs)
    {
        lock (_lock)
        {
            return Write(transaction => ApplyReceipt(transaction, throughSequence, throughHash, logIndex, nowMs));
        }
    }

    private ReceiptOutcome ApplyReceipt(SqliteTransaction? transaction, long throughSequence, string throughHash, long logIndex, long nowMs)
    {
        long lastSeq;
        long receiptSeq;
        using (var head = Command("SELECT last_seq, receipt_seq FROM chain WHERE id = 1", transaction))
        using (var reader = head.ExecuteReader())
        {
            reader.Read();
            lastSeq = reader.GetInt64(0);
            receiptSeq = reader.GetInt64(1);
        }

        if (throughSequence > lastSeq)
        {
            return ReceiptOutcome.FromTheFuture;
        }

        if (throughSequence <= receiptSeq)
        {
            return ReceiptOutcome.Stale;
        }

        using (var hash = Command("SELECT hash FROM readings WHERE seq = $s", transaction))
        {
            hash.Parameters.AddWithValue("$s", throughSequence);
            var ours = hash.ExecuteScalar() as string;
            if (ours is not null && ours != throughHash)
            {
                return ReceiptOutcome.HashMismatch;
            }
        }

        using (var delete = Command("DELETE FROM readings WHERE seq <= $s; DELETE FROM refusals WHERE seq <= $s", transaction))
        {
            delete.Parameters.AddWithValue("$s", throughSequence);
            delete.ExecuteNonQuery();
        }

        using (var update = Command("UPDATE chain SET receipt_seq = $s, receipt_log_index = $l, receipt_at_ms = $t WHERE id = 1", transaction))
        {
            update.Parameters.AddWithValue("$s", throughSequence);
            update.Parameters.AddWithValue("$l", logIndex);
            update.Parameters.AddWithValue("$t", nowMs);
            update.ExecuteNonQuery();
        }

        return ReceiptOutcome.Applied;
    }

    public long GetPulseCount(string meterId, string direction)
    {
        lock (_lock)
        {
            using var command = Command("SELECT pulses FROM pulse_counts WHERE meter = $m AND direction = $d");
            command.Parameters.AddWithValue("$m", meterId);
            command.Parameters.AddWithValue("$d", direction);
            return command.ExecuteScalar() is long n ? n : 0;
        }
    }

    public void SetPulseCount(string meterId, string direction, long pulses)
    {
        lock (_lock)
        {
            Write(transaction =>
            {
                using var command = Command("INSERT INTO pulse_counts(meter, direction, pulses) VALUES ($m, $d, $p) ON CONFLICT(meter, direction) DO UPDATE SET pulses = excluded.pulses", transaction);
                command.Parameters.AddWithValue("$m", meterId);
                command.Parameters.AddWithValue("$d", direction);
                command.Parameters.AddWithValue("$p", pulses);
                return command.ExecuteNonQuery();
            });
        }
    }

    /// <summary>
    /// Keeps a refusal the ledger reported, if it is about our reading with that sequence number and hash (still
    /// unreceipted). Returns false when it is not (another reading, or one already receipted): nothing kept.
    /// </summary>
    public bool RecordRefusal(long sequence, string hash, string reason, string detail, bool retry, long nowMs)
    {
        lock (_lock)
        {
            return Write(transaction =>
            {
                using (var ours = Command("SELECT hash FROM readings WHERE seq = $s", transaction))
                {
                    ours.Parameters.AddWithValue("$s", sequence);
                    if (ours.ExecuteScalar() as string != hash)
                    {
                        return false;
                    }
                }

                using var insert = Command("INSERT INTO refusals(seq, reason, detail, retry, at_ms) VALUES ($s, $r, $d, $y, $t) ON CONFLICT(seq) DO UPDATE SET reason = excluded.reason, detail = excluded.detail, retry = excluded.retry, at_ms = excluded.at_ms", transaction);
                insert.Parameters.AddWithValue("$s", sequence);
                insert.Parameters.AddWithValue("$r", reason);
                insert.Parameters.AddWithValue("$d", detail);
                insert.Parameters.AddWithValue("$y", retry ? 1 : 0);
                insert.Parameters.AddWithValue("$t", nowMs);
                insert.ExecuteNonQuery();
                return true;
            });
        }
    }

    /// <summary>The refusals of readings still in the outbox, by sequence number.</summary>
    public IReadOnlyList<StoredRefusal> Refusals(int max = 1000)
    {
        lock (_lock)
        {
            using var command = Command("SELECT seq, reason, detail, retry, at_ms FROM refusals ORDER BY seq LIMIT $n");
            command.Parameters.AddWithValue("$n", max);
            using var reader = command.ExecuteReader();
            var result = new List<StoredRefusal>();
            while (reader.Read())
            {
                result.Add(new StoredRefusal(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3) != 0, reader.GetInt64(4)));
            }

            return result;
        }
    }

    public void Dispose() => _connection.Dispose();

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction. When SQLite cannot write (SQLITE_FULL, an I/O error) it may
    /// already have rolled the transaction back itself: so the transaction is plain SQL (no SqliteTransaction object,
    /// whose rollback of an ended transaction would fail and leave the connection believing one is still open), and
    /// it is rolled back here only if SQLite still has it open. The connection stays usable for when space returns.
    /// </summary>
    private T Write<T>(Func<SqliteTransaction?, T> work)
    {
        try
        {
            Execute(_connection, "BEGIN IMMEDIATE");
            var result = work(null);
            Execute(_connection, "COMMIT");
            return result;
        }
        catch (SqliteException e)
        {
            RollbackIfOpen();
            throw new OutboxWriteException($"The outbox ({_connection.DataSource}) cannot be written: {e.Message}", e);
        }
        catch
        {
            RollbackIfOpen();
            throw;
        }
    }

    private void RollbackIfOpen()
    {
        if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0)
        {
            Execute(_connection, "ROLLBACK");
        }
    }

    private void UpsertBaseline(SqliteTransaction? transaction, string meterId, RegisterBaseline baseline)
    {
        using var command = Command("INSERT INTO baselines(meter, import_wh, export_wh, end_ms) VALUES ($m, $i, $e, $t) ON CONFLICT(meter) DO UPDATE SET import_wh = excluded.import_wh, export_wh = excluded.export_wh, end_ms = excluded.end_ms", transaction);
        command.Parameters.AddWithValue("$m", meterId);
        command.Parameters.AddWithValue("$i", baseline.ImportWh);
        command.Parameters.AddWithValue("$e", baseline.ExportWh);
        command.Parameters.AddWithValue("$t", baseline.EndMs);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}
