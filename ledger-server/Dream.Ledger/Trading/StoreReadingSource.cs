using Dream.Ledger.Storage;

namespace Dream.Ledger.Trading;

/// <summary>
/// Readings from the store's readings index, plus those of the batch the committer is building (not yet in
/// the store). The export delta is not indexed, so it is read from the logged entry itself.
/// </summary>
public sealed class StoreReadingSource(ILedgerStore store, LedgerBatch? pending = null) : IReadingSource
{
    private const int MaxReadingsPerWindow = 100_000;

    public IReadOnlyList<ExportSlice> ReadingsOf(string device, long fromMs, long toMs, long beforeIndex)
    {
        var result = new List<ExportSlice>();
        var stored = store.ReadingsAsync(device, fromMs, toMs, MaxReadingsPerWindow).GetAwaiter().GetResult();
        foreach (var reading in stored)
        {
            if (reading.LogIndex < beforeIndex)
            {
                var entry = store.ReadEntriesAsync(reading.LogIndex, 1).GetAwaiter().GetResult();
                result.Add(Slice(entry[0].Data, reading.LogIndex));
            }
        }

        if (pending is not null)
        {
            foreach (var reading in pending.Readings)
            {
                if (reading.Device == device && reading.StartMs >= fromMs && reading.StartMs < toMs && reading.LogIndex < beforeIndex)
                {
                    var entry = pending.Entries.First(e => e.Index == reading.LogIndex);
                    result.Add(Slice(entry.Data, reading.LogIndex));
                }
            }
        }

        return result;
    }

    internal static ExportSlice Slice(byte[] entry, long logIndex)
    {
        var reading = IntervalReading.ParsePayload(SignedEnvelope.Parse(entry).Payload);
        return new ExportSlice(reading.Sequence, reading.StartMs, reading.EndMs, reading.DeltaExportWh, reading.Flags, logIndex);
    }
}
