namespace Dream.Ledger.Storage;

/// <summary>The names of store failures, as logged and as the <c>cause</c> label of <c>dream_ledger_store_faults_total</c>.</summary>
public static class StoreFaultCauses
{
    /// <summary>The file system is full (SQLITE_FULL, ENOSPC).</summary>
    public const string DiskFull = "disk_full";

    /// <summary>A read, write or fsync of the file system failed (SQLITE_IOERR).</summary>
    public const string IoError = "io_error";

    /// <summary>The database cannot be written (read-only file or mount, SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN).</summary>
    public const string ReadOnly = "read_only";

    /// <summary>The database file is damaged (SQLITE_CORRUPT, SQLITE_NOTADB).</summary>
    public const string Corrupt = "corrupt";

    /// <summary>Another process holds the database (SQLITE_BUSY, SQLITE_LOCKED).</summary>
    public const string Busy = "busy";

    /// <summary>The database server cannot be reached (PostgreSQL: connection refused or lost, the server shutting down).</summary>
    public const string Unavailable = "unavailable";

    /// <summary>Anything else, e.g. a bug that made the batch impossible to store.</summary>
    public const string Other = "other";

    public static IReadOnlyList<string> All { get; } = [DiskFull, IoError, ReadOnly, Corrupt, Busy, Unavailable, Other];
}
