using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Dream.Ledger.State;

namespace Dream.Ledger.Metrics;

/// <summary>The quarantine's bounds at work: bodies not kept, bytes kept, throttled sources.</summary>
public sealed partial class LedgerMetrics
{
    private readonly ConcurrentDictionary<string, long> _bodiesDropped = new(StringComparer.Ordinal);
    private long _quarantineBytes;
    private long _throttled;

    public long QuarantineBodiesDropped => _bodiesDropped.Values.Sum();

    public long QuarantineKeptBytes => Interlocked.Read(ref _quarantineBytes);

    public long ThrottledSources => Interlocked.Read(ref _throttled);

    public void QuarantineBodyDropped(RejectReason reason) => _bodiesDropped.AddOrUpdate(RejectReasons.Name(reason), 1, (_, n) => n + 1);

    public void QuarantineState(long keptBytes, long throttledPairs)
    {
        Interlocked.Exchange(ref _quarantineBytes, keptBytes);
        Interlocked.Exchange(ref _throttled, throttledPairs);
    }

    private void AppendQuarantine(StringBuilder text)
    {
        text.Append("# HELP dream_ledger_quarantine_dropped_total Refusals counted whose body was not kept (the source's quarantine budget was used up).\n# TYPE dream_ledger_quarantine_dropped_total counter\n");
        foreach (var reason in Enum.GetValues<RejectReason>())
        {
            var name = RejectReasons.Name(reason);
            text.Append(CultureInfo.InvariantCulture, $"dream_ledger_quarantine_dropped_total{{reason=\"{name}\"}} {_bodiesDropped.GetValueOrDefault(name)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"# HELP dream_ledger_quarantine_bytes Bytes of refused bodies kept in the quarantine.\n# TYPE dream_ledger_quarantine_bytes gauge\ndream_ledger_quarantine_bytes {QuarantineKeptBytes}\n");
        text.Append(CultureInfo.InvariantCulture, $"# HELP dream_ledger_quarantine_throttled (source, reason) pairs over their quarantine budget: counted, not kept.\n# TYPE dream_ledger_quarantine_throttled gauge\ndream_ledger_quarantine_throttled {ThrottledSources}\n");
    }
}
