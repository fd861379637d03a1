namespace Dream.Ledger.Storage;

/// <summary>
/// After a failed commit, whether it reached the database all the same (SQLite: an fsync that reported an error after
/// the write; PostgreSQL: a COMMIT whose answer was lost with the connection): then the batch's entries are all there,
/// byte for byte, and committing it again must not happen. Anything else than "none of it" or "all of it" is a
/// database the ledger did not write. The same rule for both stores; each reads its own rows.
/// </summary>
public static class RecommitCheck
{
    /// <summary>
    /// True when <paramref name="batch"/> is already stored: <paramref name="stored"/> entries where the store had committed
    /// <paramref name="size"/>, and <paramref name="leavesMatch"/> (asked only then) finds the batch's leaf hashes at its indices.
    /// </summary>
    /// <exception cref="StoreWriteException">The database holds something else (cause <see cref="StoreFaultCauses.Corrupt"/>).</exception>
    public static bool WasCommitted(long stored, long size, LedgerBatch batch, Func<bool> leavesMatch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(leavesMatch);
        if (stored == size)
        {
            return false;
        }

        if (batch.Entries.Count > 0 && stored == size + batch.Entries.Count && leavesMatch())
        {
            return true;
        }

        throw new StoreWriteException(StoreFaultCauses.Corrupt, $"The database holds {stored} entries where the ledger committed {size}: it was written by someone else.");
    }
}
