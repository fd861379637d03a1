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

        var inside = WindowExport.Inside(readings, record.Passport.Passport.Device, startMs, endMs, position);
        return WindowExport.Measure(inside, startMs, endMs);
    }
}
