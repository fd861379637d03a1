using Dream.Transparency.Merkle;
using Microsoft.Data.Sqlite;

namespace Dream.Ledger.Storage;

// The writer connection and what a failed write leaves behind.
public sealed partial class SqliteLedgerStore
{
    private static string Classify(SqliteException e) => (e.SqliteErrorCode & 0xFF) switch
    {
        13 => StoreFaultCauses.DiskFull,
        10 => StoreFaultCauses.IoError,
        3 or 8 or 14 or 23 => StoreFaultCauses.ReadOnly,
        11 or 26 => StoreFaultCauses.Corrupt,
        5 or 6 => StoreFaultCauses.Busy,
        _ => StoreFaultCauses.Other,
    };

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long CountEntries(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM entries";
        return (long)command.ExecuteScalar()!;
    }

    private SqliteConnection OpenWriter()
    {
        var writer = Connect(_writerConnectionString);
        if (!_readOnly)
        {
            // The committer inserts into B-trees keyed by device and tree position all over the file: with
            // SQLite's default 2 MB page cache most inserts re-read pages through read() calls. The writer keeps
            // 64 MB of pages; checkpoints move the WAL into the database every ~16 MB instead of every 4 MB, so
            // hot pages are copied (and the database file fsynced) less often. Durability is unchanged: each
            // commit still fsyncs the WAL before it returns.
            Execute(writer, "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 4000;");
        }

        return writer;
    }

    /// <summary>The writer connection, opened again after a failed write discarded it. Call under the write lock.</summary>
    private SqliteConnection Writer() => _writer ??= OpenWriter();

    /// <summary>
    /// Runs one write on the writer connection. Transactions are plain BEGIN/COMMIT statements: after
    /// SQLITE_FULL or an I/O error SQLite may already have rolled the transaction back, which a
    /// SqliteTransaction object does not notice (its rollback then fails, and every later BeginTransaction
    /// says "nested transactions"). Instead a failed write closes the connection, which ends any transaction
    /// still open, and the next write opens a fresh one.
    /// </summary>
    private void Write(Action<SqliteConnection> write, string what)
    {
        SqliteConnection writer;
        try
        {
            writer = Writer();
        }
        catch (SqliteException e)
        {
            throw new StoreWriteException(Classify(e), $"The store could not {what}: {e.Message}", e);
        }

        try
        {
            write(writer);
        }
        catch (SqliteException e)
        {
            Discard(writer);
            throw new StoreWriteException(Classify(e), $"The store could not {what}: {e.Message}", e);
        }
        catch
        {
            Discard(writer);
            throw;
        }
    }

    private void Discard(SqliteConnection writer)
    {
        try
        {
            writer.Dispose();
        }
        catch (SqliteException)
        {
            // Closing is best effort; the handle is released either way.
        }

        _writer = null;
        _reopened = true;
    }

    /// <summary>
    /// After a failed commit, whether it reached the disk all the same (an fsync that reported an error after
    /// the write): then the batch's entries are all there, byte for byte, and committing it again must not
    /// happen. Anything else than "none of it" or "all of it" is a database the ledger did not write.
    /// </summary>
    private bool WasCommittedBefore(LedgerBatch batch)
    {
        bool committed;
        try
        {
            var writer = Writer();
            LoadDeviceIds(writer);
            committed = RecommitCheck.WasCommitted(CountEntries(writer), _size, batch, () => LeavesMatch(writer, batch));
        }
        catch (SqliteException e)
        {
            _writer = null;
            throw new StoreWriteException(Classify(e), $"The store could not read back its log after a failed commit: {e.Message}", e);
        }

        _reopened = false;
        if (committed)
        {
            Interlocked.Add(ref _size, batch.Entries.Count);
            Interlocked.Increment(ref _commits);
        }

        return committed;
    }

    private static bool LeavesMatch(SqliteConnection writer, LedgerBatch batch)
    {
        using var command = writer.CreateCommand();
        command.CommandText = "SELECT leaf FROM entries WHERE idx = $i";
        var index = command.Parameters.Add("$i", SqliteType.Integer);
        var match = true;
        foreach (var entry in batch.Entries)
        {
            index.Value = entry.Index;
            match &= command.ExecuteScalar() is byte[] leaf && Sha256Hash.FromBytes(leaf) == entry.LeafHash;
        }

        return match;
    }
}
