using Dream.Transparency.Merkle;

namespace Dream.Ledger.Storage;

/// <summary>Everything one commit writes, in one transaction: new entries, the tree nodes they complete, index rows, quarantine.</summary>
public sealed class LedgerBatch
{
    public List<StoredEntry> Entries { get; } = [];

    public List<MerkleNode> Nodes { get; } = [];

    public List<StoredReading> Readings { get; } = [];

    public List<QuarantineRecord> Quarantine { get; } = [];

    /// <summary>This batch's refusals per (source, reason), added to the stored counts (kept or not).</summary>
    public Dictionary<(string Source, string Reason), QuarantineCount> QuarantineCounts { get; } = [];

    /// <summary>Pending passports whose status changes with this commit (id, new status).</summary>
    public List<(string Id, string Status)> PassportStatus { get; } = [];

    public bool IsEmpty => Entries.Count == 0 && Quarantine.Count == 0 && QuarantineCounts.Count == 0 && PassportStatus.Count == 0;

    /// <summary>Refuses entries that do not continue a log of <paramref name="size"/> entries one by one (a bug in the caller).</summary>
    public void CheckContinues(long size)
    {
        var expected = size;
        foreach (var e in Entries)
        {
            if (e.Index != expected++)
            {
                throw new InvalidOperationException($"Entry {e.Index} does not continue the log of {size} entries.");
            }
        }
    }

    public void Clear()
    {
        Entries.Clear();
        Nodes.Clear();
        Readings.Clear();
        Quarantine.Clear();
        QuarantineCounts.Clear();
        PassportStatus.Clear();
    }
}
