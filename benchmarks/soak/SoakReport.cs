namespace Dream.Soak.Benchmarks;

/// <summary>One report period of the soak.</summary>
internal sealed record SoakReport(TimeSpan Elapsed, double PublishedPerSecond, double AcceptedPerSecond, long AcceptedInPeriod, long Backlog,
    double ReceiptP50Ms, double ReceiptP99Ms, long LedgerRssBytes, double LedgerCpuUsPerReading, long BrokerDropped)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"[{Elapsed.TotalMinutes,5:F1} min] published {PublishedPerSecond,6:F0}/s  accepted {AcceptedPerSecond,6:F0}/s  backlog {Backlog,7:N0}  receipt p50 {Ms(ReceiptP50Ms),6} ms p99 {Ms(ReceiptP99Ms),6} ms  ledger RSS {LedgerRssBytes / 1048576.0,5:F0} MB  CPU {(AcceptedInPeriod > 0 ? LedgerCpuUsPerReading.ToString("F0", CultureInfo.InvariantCulture) : "-"),5} us/reading  broker drops {BrokerDropped}");

    // A period in which no receipt arrived has no latency to show.
    private static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString("F0", CultureInfo.InvariantCulture);
}
