using Dream.Transparency.Merkle;

namespace Dream.Ledger.Storage;

/// <summary>
/// The narrow storage contract of the ledger (SQLite's <see cref="SqliteLedgerStore"/>, the default, and the PostgreSQL store of
/// <c>Dream.Ledger.Postgres</c>; <c>tests/Dream.Ledger.Tests/Storage/LedgerStoreContract</c> holds both to it). <see cref="CommitAsync"/>
/// is atomic and durable when it returns; reads may run concurrently with it. A write that fails throws
/// <see cref="StoreWriteException"/> having kept nothing, and leaves the store usable for the next one; a
/// batch committed again after a failure that did reach the disk (an fsync error) is recognised, not stored twice.
/// </summary>
public interface ILedgerStore : IMerkleNodeReader, IDisposable
{
    string? GetMeta(string key);

    void SetMeta(string key, string value);

    Task CommitAsync(LedgerBatch batch, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredEntry>> ReadEntriesAsync(long start, int count, CancellationToken cancellationToken = default);

    StoredReading? FindReading(string device, long sequence);

    Task<IReadOnlyList<StoredReading>> ReadingsAsync(string device, long fromMs, long toMs, int limit, CancellationToken cancellationToken = default);

    Task SaveCheckpointAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default);

    Task<StoredCheckpoint?> LatestCheckpointAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredCheckpoint>> CheckpointsAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<QuarantineRecord>> QuarantineAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>The refusal counts per (source, reason), most recent first.</summary>
    IReadOnlyList<QuarantineCount> QuarantineCounts();

    Task AddPendingPassportAsync(PendingPassport passport, CancellationToken cancellationToken = default);

    Task<PendingPassport?> PendingPassportAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PendingPassport>> PendingPassportsAsync(CancellationToken cancellationToken = default);

    /// <summary>The store's own check of its files and schema (SQLite: <c>PRAGMA integrity_check</c>; PostgreSQL: schema, partitions, numbering); empty when sound.</summary>
    Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken = default);

    Task<StoreCounts> CountAsync(CancellationToken cancellationToken = default);
}
