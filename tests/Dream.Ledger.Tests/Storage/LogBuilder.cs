using System.Text;
using Dream.Ledger.Log;
using Dream.Ledger.Storage;
using Dream.Transparency.Merkle;

namespace Dream.Ledger.Tests.Storage;

/// <summary>Store batches as the committer makes them: entries continuing the log, the tree nodes they complete, readings index rows.</summary>
public sealed class LogBuilder
{
    private readonly CompactRange _tree = new();

    public long Size => _tree.Size;

    public Sha256Hash Root => _tree.Root();

    /// <summary>A reading index row (its log index is set when it joins a batch).</summary>
    public static StoredReading Reading(string device, long sequence, long startMs) =>
        new(device, sequence, -1, Convert.ToHexStringLower(Sha256Hash.Compute(Encoding.UTF8.GetBytes($"{device} {sequence}")).ToArray()),
            Convert.ToHexStringLower(Sha256Hash.Compute(Encoding.UTF8.GetBytes($"{device} {sequence - 1}")).ToArray()),
            startMs, startMs + (15 * 60_000), sequence * 1_000, sequence * 7);

    /// <summary>One batch: <paramref name="participants"/> non-reading entries, then one entry per reading.</summary>
    public LedgerBatch Next(int participants = 0, params StoredReading[] readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var batch = new LedgerBatch();
        for (var i = 0; i < participants; i++)
        {
            Append(batch, EntryKind.Participant, $"participant entry {_tree.Size}", null, 0);
        }

        foreach (var reading in readings)
        {
            var index = _tree.Size;
            Append(batch, EntryKind.Reading, $"reading entry {reading.Device} {reading.Sequence} {_tree.Size}", reading.Device, reading.Sequence);
            batch.Readings.Add(reading with { LogIndex = index });
        }

        return batch;
    }

    /// <summary>A batch of the same indices as <see cref="Next"/> would give but other entry bytes (a log someone else wrote).</summary>
    public LedgerBatch Other(int participants)
    {
        var batch = new LedgerBatch();
        for (var i = 0; i < participants; i++)
        {
            var data = Encoding.UTF8.GetBytes($"someone else's entry {_tree.Size + i}");
            batch.Entries.Add(new StoredEntry(_tree.Size + i, EntryKind.Participant, data, Rfc6962.HashLeaf(data), null, 0));
        }

        return batch;
    }

    private void Append(LedgerBatch batch, EntryKind kind, string text, string? device, long sequence)
    {
        var data = Encoding.UTF8.GetBytes(text);
        var leaf = Rfc6962.HashLeaf(data);
        batch.Entries.Add(new StoredEntry(_tree.Size, kind, data, leaf, device, sequence));
        _tree.Append(leaf, batch.Nodes);
    }
}
