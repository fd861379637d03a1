using Dream.Ledger.Storage;
using Dream.Transparency.Merkle;

namespace Dream.Ledger.Tests;

/// <summary>A real store whose <see cref="CommitAsync"/> hangs, once <see cref="Block"/> is called, until <see cref="Release"/>: a deadlocked committer.</summary>
public sealed class BlockingStore(ILedgerStore inner) : ILedgerStore
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _gate;

    /// <summary>Completes when a commit is hanging.</summary>
    public Task Entered => _entered.Task;

    public long Size => inner.Size;

    public void Block() => Volatile.Write(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Release() => Volatile.Read(ref _gate)?.TrySetResult();

    public async Task CommitAsync(LedgerBatch batch, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _gate) is { } gate)
        {
            _entered.TrySetResult();
            await gate.Task;
        }

        await inner.CommitAsync(batch, cancellationToken);
    }

    public ValueTask ReadNodesAsync(IReadOnlyList<NodeId> nodes, Memory<Sha256Hash> hashes, CancellationToken cancellationToken = default) => inner.ReadNodesAsync(nodes, hashes, cancellationToken);

    public string? GetMeta(string key) => inner.GetMeta(key);

    public void SetMeta(string key, string value) => inner.SetMeta(key, value);

    public Task<IReadOnlyList<StoredEntry>> ReadEntriesAsync(long start, int count, CancellationToken cancellationToken = default) => inner.ReadEntriesAsync(start, count, cancellationToken);

    public StoredReading? FindReading(string device, long sequence) => inner.FindReading(device, sequence);

    public Task<IReadOnlyList<StoredReading>> ReadingsAsync(string device, long fromMs, long toMs, int limit, CancellationToken cancellationToken = default) => inner.ReadingsAsync(device, fromMs, toMs, limit, cancellationToken);

    public Task SaveCheckpointAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default) => inner.SaveCheckpointAsync(checkpoint, cancellationToken);

    public Task<StoredCheckpoint?> LatestCheckpointAsync(CancellationToken cancellationToken = default) => inner.LatestCheckpointAsync(cancellationToken);

    public Task<IReadOnlyList<StoredCheckpoint>> CheckpointsAsync(CancellationToken cancellationToken = default) => inner.CheckpointsAsync(cancellationToken);

    public Task<IReadOnlyList<QuarantineRecord>> QuarantineAsync(int limit, CancellationToken cancellationToken = default) => inner.QuarantineAsync(limit, cancellationToken);

    public IReadOnlyList<QuarantineCount> QuarantineCounts() => inner.QuarantineCounts();

    public Task AddPendingPassportAsync(PendingPassport passport, CancellationToken cancellationToken = default) => inner.AddPendingPassportAsync(passport, cancellationToken);

    public Task<PendingPassport?> PendingPassportAsync(string id, CancellationToken cancellationToken = default) => inner.PendingPassportAsync(id, cancellationToken);

    public Task<IReadOnlyList<PendingPassport>> PendingPassportsAsync(CancellationToken cancellationToken = default) => inner.PendingPassportsAsync(cancellationToken);

    public Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken = default) => inner.CheckIntegrityAsync(cancellationToken);

    public Task<StoreCounts> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

    public void Dispose() => inner.Dispose();
}
