using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Dream.Ledger.State;
using Dream.Ledger.Storage;

namespace Dream.Ledger.Metrics;

/// <summary>
/// Counters of the ledger, rendered in the Prometheus text exposition format. The outcomes of a batch
/// (accepted, duplicate, after a gap, rejected, registry) are counted by the committer as it builds the batch
/// but only staged: <see cref="Settle"/> adds them once the batch is durable, so the counters never include
/// a reading a failed commit did not keep. Anything staged elsewhere is counted at the next settled batch.
/// </summary>
public sealed partial class LedgerMetrics
{
    private readonly ConcurrentDictionary<string, long> _rejected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _storeFaults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _stagedRejected = new(StringComparer.Ordinal);
    private long _stagedAccepted;
    private long _stagedGaps;
    private long _stagedDuplicates;
    private long _stagedRegistry;
    private string? _faultedCause;
    private Func<int>? _queueDepth;
    private int _queueCapacity;
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

    public long StoreFaults(string cause) => _storeFaults.GetValueOrDefault(cause);

    /// <summary>The cause of the failure that pauses ingest now, or null.</summary>
    public string? FaultedCause => Volatile.Read(ref _faultedCause);

    public void ReadingAccepted(bool gap)
    {
        Interlocked.Increment(ref _stagedAccepted);
        if (gap)
        {
            Interlocked.Increment(ref _stagedGaps);
        }
    }

    public void DuplicateSeen() => Interlocked.Increment(ref _stagedDuplicates);

    public void RegistryAppended() => Interlocked.Increment(ref _stagedRegistry);

    public void RejectedFor(RejectReason reason) => _stagedRejected.AddOrUpdate(RejectReasons.Name(reason), 1, (_, n) => n + 1);

    /// <summary>The batch whose outcomes were staged is durable (or needed no commit): count them.</summary>
    public void Settle()
    {
        Interlocked.Add(ref _accepted, Interlocked.Exchange(ref _stagedAccepted, 0));
        Interlocked.Add(ref _gaps, Interlocked.Exchange(ref _stagedGaps, 0));
        Interlocked.Add(ref _duplicates, Interlocked.Exchange(ref _stagedDuplicates, 0));
        Interlocked.Add(ref _registry, Interlocked.Exchange(ref _stagedRegistry, 0));
        foreach (var name in _stagedRejected.Keys)
        {
            if (_stagedRejected.TryRemove(name, out var count))
            {
                _rejected.AddOrUpdate(name, count, (_, n) => n + count);
            }
        }
    }

    /// <summary>A store write failed (nothing of it was kept).</summary>
    public void StoreFaulted(string cause) => _storeFaults.AddOrUpdate(cause, 1, (_, n) => n + 1);

    /// <summary>Ingest is paused by a failing store (<paramref name="cause"/>), or runs again (null).</summary>
    public void IngestPaused(string? cause) => Volatile.Write(ref _faultedCause, cause);

    /// <summary>Where the committer's queue depth is read from, for the back-pressure gauge.</summary>
    public void ObserveQueue(Func<int> depth, int capacity)
    {
        _queueDepth = depth;
        _queueCapacity = capacity;
    }

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
        Counter("dream_ledger_readings_accepted_total", "Readings verified and logged, counted once their commit is durable.", Accepted);
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

        text.Append("# HELP dream_ledger_store_faults_total Failed store writes (commits, checkpoints) by cause; nothing of them was kept.\n# TYPE dream_ledger_store_faults_total counter\n");
        var faulted = FaultedCause;
        foreach (var cause in StoreFaultCauses.All)
        {
            text.Append(CultureInfo.InvariantCulture, $"dream_ledger_store_faults_total{{cause=\"{cause}\"}} {StoreFaults(cause)}\n");
        }

        text.Append("# HELP dream_ledger_store_faulted 1 for the cause of the store failure that pauses ingest now (commits are retried).\n# TYPE dream_ledger_store_faulted gauge\n");
        foreach (var cause in StoreFaultCauses.All)
        {
            text.Append(CultureInfo.InvariantCulture, $"dream_ledger_store_faulted{{cause=\"{cause}\"}} {(cause == faulted ? 1 : 0)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"# HELP dream_ledger_ingest_queue Messages and transactions waiting for the committer; at capacity ingest waits (back-pressure).\n# TYPE dream_ledger_ingest_queue gauge\ndream_ledger_ingest_queue {_queueDepth?.Invoke() ?? 0}\n");
        text.Append(CultureInfo.InvariantCulture, $"# HELP dream_ledger_ingest_queue_capacity The committer's queue capacity.\n# TYPE dream_ledger_ingest_queue_capacity gauge\ndream_ledger_ingest_queue_capacity {_queueCapacity}\n");
        text.Append(CultureInfo.InvariantCulture, $"# HELP dream_ledger_log_size Entries in the log.\n# TYPE dream_ledger_log_size gauge\ndream_ledger_log_size {Interlocked.Read(ref _logSize)}\n");
        return text.ToString();
    }
}
