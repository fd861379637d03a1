using System.Text.RegularExpressions;

namespace Dream.Soak.Benchmarks;

/// <summary>Turns the counters at the end of each report period into that period's figures.</summary>
internal sealed partial class SoakWindow(LedgerProcess ledger, ReceiptWatcher receipts, IReadOnlyList<Publisher> publishers, MosquittoProcess broker)
{
    private TimeSpan _elapsed;
    private long _published;
    private long _accepted;
    private TimeSpan _cpu;

    public long BrokerDropped => receipts.BrokerDropped;

    /// <summary>Mosquitto's "Outgoing messages are being dropped for client ..." warnings so far.</summary>
    public int BrokerDropLines => DroppedLine().Count(broker.Log);

    public async Task<SoakReport> CloseAsync(TimeSpan elapsed)
    {
        var seconds = Math.Max(1e-3, (elapsed - _elapsed).TotalSeconds);
        var published = publishers.Sum(p => p.Published);
        var accepted = await ledger.AcceptedAsync();
        var cpu = ledger.Cpu;
        var latencies = receipts.TakeWindow();
        var report = new SoakReport(
            elapsed,
            (published - _published) / seconds,
            (accepted - _accepted) / seconds,
            accepted - _accepted,
            published - accepted,
            Percentiles.Of(latencies, 0.50),
            Percentiles.Of(latencies, 0.99),
            ledger.ResidentBytes,
            (cpu - _cpu).TotalMicroseconds / Math.Max(1, accepted - _accepted),
            BrokerDropped + BrokerDropLines);
        (_elapsed, _published, _accepted, _cpu) = (elapsed, published, accepted, cpu);
        return report;
    }

    [GeneratedRegex("messages are being dropped", RegexOptions.IgnoreCase)]
    private static partial Regex DroppedLine();
}
