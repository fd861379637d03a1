using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Dream.Ledger.State;

namespace Dream.Ledger.Metrics;

/// <summary>Counters of the ledger, rendered in the Prometheus text exposition format.</summary>
public sealed partial class LedgerMetrics
{
    private readonly ConcurrentDictionary<string, long> _rejected = new(StringComparer.Ordinal);
    private long _messages;
    private long _accepted;
    private long _duplicates;
    private long _gaps;
    private long _batches;
    private long _commitMicros;
    private long _receipts;
    private long _checkpoints;
    private long _logSize;
    private long _registry;

    public long Messages => Interlocked.Read(ref _messages);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Gaps => Interlocked.Read(ref _gaps);

    public long Receipts => Interlocked.Read(ref _receipts);

    public long Rejected(RejectReason reason) => _rejected.GetValueOrDefault(RejectReasons.Name(reason));

    public long RejectedTotal => _rejected.Values.Sum();

    public void MessageReceived() => Interlocked.Increment(ref _messages);

    public void ReadingAccepted(bool gap)
    {
        Interlocked.Increment(ref _accepted);
        if (gap)
        {
            Interlocked.Increment(ref _gaps);
        }
    }

    public void DuplicateSeen() => Interlocked.Increment(ref _duplicates);

    public void RegistryAppended() => Interlocked.Increment(ref _registry);

    public void RejectedFor(RejectReason reason) => _rejected.AddOrUpdate(RejectReasons.Name(reason), 1, (_, n) => n + 1);

    public void BatchCommitted(TimeSpan duration, long logSize)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _commitMicros, (long)duration.TotalMicroseconds);
        Interlocked.Exchange(ref _logSize, logSize);
    }

    public void ReceiptPublished() => Interlocked.Increment(ref _receipts);

    public void CheckpointSigned() => Interlocked.Increment(ref _checkpoints);

    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        void Counter(string name, string help, long value)
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");
        }

        Counter("dream_ledger_messages_total", "MQTT readings messages received.", Messages);
        Counter("dream_ledger_readings_accepted_total", "Readings verified, stored and logged.", Accepted);
        Counter("dream_ledger_readings_duplicate_total", "Exact duplicates acknowledged again, stored once.", Duplicates);
        Counter("dream_ledger_readings_after_gap_total", "Readings stored after a sequence gap.", Gaps);
        Counter("dream_ledger_registry_entries_total", "Registry transactions appended.", Interlocked.Read(ref _registry));
        Counter("dream_ledger_batches_total", "Store commits (one fsync each).", Interlocked.Read(ref _batches));
        text.Append(CultureInfo.InvariantCulture, $"# HELP dream_ledger_commit_seconds_total Time spent committing batches.\n# TYPE dream_ledger_commit_seconds_total counter\ndream_ledger_commit_seconds_total {Interlocked.Read(ref _commitMicros) / 1e6:0.######}\n");
        Counter("dream_ledger_receipts_total", "Signed receipts published.", Receipts);
        Counter("dream_ledger_checkpoints_total", "Checkpoints signed.", Interlocked.Read(ref _checkpoints));
        text.Append("# HELP dream_ledger_rejected_total Refused messages and readings, by reason (each is in the quarantine).\n# TYPE dream_ledger_rejected_total counter\n");
        foreach (var reason in Enum.GetValues<RejectReason>())
        {
            var name = RejectReasons.Name(reason);
            text.Append(CultureInfo.InvariantCulture, $"dream_ledger_rejected_total{{reason=\"{name}\"}} {_rejected.GetValueOrDefault(name)}\n");
        }

        AppendQuarantine(text);
        text.Append(CultureInfo.InvariantCulture, $"# HELP dream_ledger_log_size Entries in the log.\n# TYPE dream_ledger_log_size gauge\ndream_ledger_log_size {Interlocked.Read(ref _logSize)}\n");
        return text.ToString();
    }
}
