using Dream.Market;

namespace Dream.Ledger.Trading;

/// <summary>
/// The one definition of what a delivery check sums, used by the check, its replay and the delivery query: a
/// device's readings logged before a position whose interval lies inside the window. Every reading counts
/// whatever its quality flags (docs/market.md, "Check delivery"). The sum is exact or refused, never wrapped.
/// </summary>
public static class WindowExport
{
    public static IReadOnlyList<ExportSlice> Inside(IReadingSource readings, string device, long startMs, long endMs, long position)
    {
        ArgumentNullException.ThrowIfNull(readings);
        return readings.ReadingsOf(device, startMs, endMs, position)
            .Where(r => r.StartMs >= startMs && r.EndMs <= endMs)
            .OrderBy(r => r.StartMs)
            .ThenBy(r => r.Sequence)
            .ToList();
    }

    /// <summary>Σ deltaExportWh and whether the readings tile the window without a gap; <see cref="MarketError.AmountOverflow"/> beyond 64 bits.</summary>
    public static MeteredExport Measure(IReadOnlyList<ExportSlice> inside, long startMs, long endMs)
    {
        ArgumentNullException.ThrowIfNull(inside);
        Int128 sum = 0;
        var covered = startMs;
        var complete = true;
        foreach (var reading in inside)
        {
            sum += reading.DeltaExportWh;
            if (reading.StartMs != covered)
            {
                complete = false;
            }

            covered = Math.Max(covered, reading.EndMs);
        }

        if (sum > long.MaxValue)
        {
            throw new MarketException(MarketError.AmountOverflow, $"The {inside.Count} readings in [{startMs}, {endMs}) export {sum} Wh in all, beyond the 64-bit range a delivery check can state.");
        }

        return new MeteredExport((long)sum, complete && covered == endMs);
    }
}
