using Dream.Ledger.Log;
using Dream.Ledger.State;
using Dream.Ledger.Storage;
using Dream.Transparency.Checkpoints;
using Dream.Transparency.Merkle;

namespace Dream.Ledger.Ingest;

// Start-up: the replay, checked against what the grid authority signed.
public sealed partial class LedgerEngine
{
    /// <summary>
    /// Replays entries [0, <paramref name="size"/>) into fresh state. The tree is recomputed from the entry
    /// bytes, not read from the stored nodes: its root at the size of <paramref name="checkpoint"/> (one the grid
    /// authority signed) must be the
    /// signed root, each stored leaf hash must match its entry, and the stored frontier nodes (on which new
    /// appends build) must give the same root. Any difference, or an entry that does not replay, is a
    /// <see cref="LedgerIntegrityException"/> naming it.
    /// </summary>
    public static async Task<(LedgerState State, CompactRange Frontier)> RebuildAsync(ILedgerStore store, string gridAuthorityDid, long size, Checkpoint? checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (checkpoint is not null && checkpoint.Size > size)
        {
            throw new LedgerIntegrityException($"The log holds {size} entries, fewer than the {checkpoint.Size} of its latest signed checkpoint: entries were removed.");
        }

        var state = new LedgerState(gridAuthorityDid) { MarketReadings = new Trading.StoreReadingSource(store) };
        var tree = new CompactRange();
        string? replayError = null;
        try
        {
            for (long start = 0; start < size; start += 10_000)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = await store.ReadEntriesAsync(start, (int)Math.Min(10_000, size - start), cancellationToken);
                if (page.Count == 0)
                {
                    throw new LedgerIntegrityException($"Entry {start} is missing: the log should hold {size} entries.");
                }

                foreach (var entry in page)
                {
                    if (entry.Index != tree.Size)
                    {
                        throw new LedgerIntegrityException($"Entry {tree.Size} is missing: the next stored entry is {entry.Index}.");
                    }

                    var leaf = Rfc6962.HashLeaf(entry.Data);
                    if (leaf != entry.LeafHash)
                    {
                        replayError ??= $"the stored leaf hash of entry {entry.Index} does not match its bytes";
                    }

                    tree.Append(leaf);
                    replayError ??= Replay(state, entry);
                    if (checkpoint is not null && tree.Size == checkpoint.Size && tree.Root() != checkpoint.RootHash)
                    {
                        throw new LedgerIntegrityException(
                            $"The log does not match its latest signed checkpoint (size {checkpoint.Size}): the entries give root {tree.Root().ToBase64()}, the grid authority signed {checkpoint.RootHash.ToBase64()}, so stored entries were altered.");
                    }
                }
            }

            if (replayError is not null)
            {
                throw new LedgerIntegrityException($"The log does not replay: {replayError}.");
            }

            var stored = await CompactRange.LoadAsync(store, size, cancellationToken);
            if (stored.Root() != tree.Root())
            {
                throw new LedgerIntegrityException($"The stored tree nodes give root {stored.Root().ToBase64()} at size {size}; the entries give {tree.Root().ToBase64()}.");
            }
        }
        catch (Exception e) when (e is not (LedgerIntegrityException or OperationCanceledException))
        {
            // A damaged database can fail any read (SQLite, a cast, a missing node): say so in one line.
            throw new LedgerIntegrityException($"The log cannot be read back: {e.Message}", e);
        }

        return (state, tree);
    }
}
