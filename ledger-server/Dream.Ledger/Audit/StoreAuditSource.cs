using Dream.Ledger.State;
using Dream.Ledger.Storage;
using Dream.Transparency.Merkle;

namespace Dream.Ledger.Audit;

/// <summary>
/// Audits a data directory: everything is visible, and everything the server derives from the entries and
/// relies on is recomputed from them and compared (<see cref="StoreConsistency"/>), with the store's own
/// integrity check.
/// </summary>
public sealed class StoreAuditSource(ILedgerStore store, string verifierKey) : IAuditSource
{
    /// <summary>Entries stored after the latest signed checkpoint (checked like the others, not yet signed), once audited.</summary>
    public long UnsignedEntries { get; private set; }

    public Task<string> VerifierKeyAsync(CancellationToken cancellationToken) => Task.FromResult(verifierKey);

    public async Task<IReadOnlyList<string>> CheckpointNotesAsync(CancellationToken cancellationToken) =>
        [.. (await store.CheckpointsAsync(cancellationToken)).Select(c => c.Note)];

    public async Task<IReadOnlyList<AuditEntry>> EntriesAsync(long start, int count, CancellationToken cancellationToken) =>
        [.. (await store.ReadEntriesAsync(start, count, cancellationToken)).Select(e => new AuditEntry(e.Index, e.LeafHash, e.Data))];

    public async Task<IReadOnlyList<Sha256Hash>> ConsistencyProofAsync(long fromSize, long toSize, CancellationToken cancellationToken) =>
        await MerkleProofs.ConsistencyAsync(store, fromSize, toSize, cancellationToken);

    public async Task<IReadOnlyList<string>> CrossCheckAsync(LedgerState state, long size, Sha256Hash root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var consistency = new StoreConsistency(store, state, size);
        await consistency.CheckAsync(cancellationToken);
        UnsignedEntries = Math.Max(0, store.Size - size);
        return consistency.Problems;
    }
}
