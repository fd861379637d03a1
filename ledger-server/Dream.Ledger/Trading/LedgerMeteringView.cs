using Dream.Ledger.State;
using Dream.Market;

namespace Dream.Ledger.Trading;

/// <summary>
/// The delivery check's view of the readings: a passport's device's logged (hence verified) readings lying
/// inside the window and logged before <paramref name="position"/>; complete when they tile the window
/// from its start to its end without a gap.
/// </summary>
public sealed class LedgerMeteringView(LedgerState state, IReadingSource readings, long position) : IMeteringView
{
    public MeteredExport ExportInWindow(string passportId, long startMs, long endMs)
    {
        if (!state.Passports.TryGetValue(passportId, out var record))
        {
            return new MeteredExport(0, false);
        }

        var inside = readings.ReadingsOf(record.Passport.Passport.Device, startMs, endMs, position)
            .Where(r => r.StartMs >= startMs && r.EndMs <= endMs)
            .OrderBy(r => r.StartMs)
            .ToList();
        long sum = 0;
        var covered = startMs;
        var complete = true;
        foreach (var reading in inside)
        {
            sum = checked(sum + reading.DeltaExportWh);
            if (reading.StartMs != covered)
            {
                complete = false;
            }

            covered = Math.Max(covered, reading.EndMs);
        }

        return new MeteredExport(sum, complete && covered == endMs);
    }
}
