using Dream.Ledger.State;
using Dream.Ledger.Storage;
using Dream.Transparency.Merkle;

namespace Dream.Ledger.Audit;

/// <summary>Audits a data directory: everything is visible, and the stored tree and index tables are cross-checked.</summary>
public sealed class StoreAuditSource(ILedgerStore store, string verifierKey) : IAuditSource
{
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
        var problems = new List<string>();
        if (await MerkleProofs.RootAsync(store, size, cancellationToken) != root)
        {
            problems.Add($"The stored tree nodes give another root at size {size} than the entries.");
        }

        foreach (var (device, chain) in state.Chains)
        {
            var stored = store.FindReading(device, chain.Tip.Sequence);
            if (stored is null || stored.Hash != chain.Tip.Hash || stored.LogIndex != chain.Tip.LogIndex)
            {
                problems.Add($"The readings index disagrees with the log for {device} at sequence {chain.Tip.Sequence}.");
            }
        }

        return problems;
    }
}
