namespace Dream.Ledger.Trading;

/// <summary>Readings kept in memory as an auditor replays a log it fetched (it has no readings index).</summary>
public sealed class MemoryReadingSource : IReadingSource
{
    private readonly Dictionary<string, List<ExportSlice>> _byDevice = new(StringComparer.Ordinal);

    /// <summary>Records a replayed reading entry.</summary>
    public void Add(long logIndex, IntervalReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (!_byDevice.TryGetValue(reading.Device, out var list))
        {
            list = [];
            _byDevice[reading.Device] = list;
        }

        list.Add(new ExportSlice(reading.Sequence, reading.StartMs, reading.EndMs, reading.DeltaExportWh, reading.Flags, logIndex));
    }

    public IReadOnlyList<ExportSlice> ReadingsOf(string device, long fromMs, long toMs, long beforeIndex) =>
        _byDevice.TryGetValue(device, out var list)
            ? list.Where(s => s.StartMs >= fromMs && s.StartMs < toMs && s.LogIndex < beforeIndex).ToList()
            : [];
}
