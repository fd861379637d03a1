namespace Dream.Market.Tests;

/// <summary>
/// A metering view over real signed readings: each is parsed and verified from its envelope bytes (as the
/// ledger's ingest does), then export inside a window is summed and gaps are detected.
/// </summary>
public sealed class SignedReadingsMetering : IMeteringView
{
    private readonly List<IntervalReading> _readings = [];

    public void Ingest(byte[] envelopeBytes) => _readings.Add(SignedReading.Verify(envelopeBytes).Reading);

    public MeteredExport ExportInWindow(string passportId, long startMs, long endMs)
    {
        var inside = _readings
            .Where(r => r.Passport == passportId && r.StartMs >= startMs && r.EndMs <= endMs)
            .OrderBy(r => r.StartMs)
            .ToList();
        var covered = startMs;
        var complete = true;
        foreach (var reading in inside)
        {
            if (reading.StartMs != covered)
            {
                complete = false;
            }

            covered = Math.Max(covered, reading.EndMs);
        }

        return new MeteredExport(inside.Sum(r => r.DeltaExportWh), complete && covered == endMs);
    }
}
