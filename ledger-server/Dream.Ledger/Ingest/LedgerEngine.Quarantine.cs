using Dream.Ledger.State;
using Dream.Ledger.Storage;

namespace Dream.Ledger.Ingest;

/// <summary>The quarantine's gate and the refusals each receipt reports back to the device.</summary>
public sealed partial class LedgerEngine
{
    private const int MaxQuarantineDetail = 1000;

    private readonly Dictionary<string, ReceiptDraft> _refusals = new(StringComparer.Ordinal);
    private readonly List<(string Source, string Reason)> _newlyThrottled = [];
    private readonly QuarantineBudget _quarantineBudget;

    /// <summary>
    /// Raised (after the commit) the first time a source's refusals for a reason exceed the quarantine's byte
    /// budget: from then on they are counted, not kept. Arguments: the source and the reason's name.
    /// </summary>
    public event Action<string, string>? QuarantineThrottled;

    private void Quarantine(LedgerBatch batch, MessageWork message, RejectReason reason, string detail, byte[] data, string? device, long? sequence)
    {
        Metrics.RejectedFor(reason);
        var name = RejectReasons.Name(reason);
        var text = detail.Length > MaxQuarantineDetail ? detail[..MaxQuarantineDetail] : detail;
        var bytes = data.Length + text.Length + message.Topic.Length + 64;
        var (source, keep, throttled) = _quarantineBudget.Admit(device ?? message.Topic, name, bytes);
        if (keep)
        {
            batch.Quarantine.Add(new QuarantineRecord(0, message.ReceivedAtMs, message.Topic, device, sequence, name, text, data));
        }
        else
        {
            Metrics.QuarantineBodyDropped(reason);
        }

        if (throttled)
        {
            _newlyThrottled.Add((source, name));
        }

        var key = (source, name);
        var tally = batch.QuarantineCounts.TryGetValue(key, out var before)
            ? before with { Count = before.Count + 1, Kept = before.Kept + (keep ? 1 : 0), KeptBytes = before.KeptBytes + (keep ? bytes : 0), LastMs = message.ReceivedAtMs, LastDetail = text }
            : new QuarantineCount(source, name, 1, keep ? 1 : 0, keep ? bytes : 0, message.ReceivedAtMs, message.ReceivedAtMs, text);
        batch.QuarantineCounts[key] = tally;
        Metrics.QuarantineState(_quarantineBudget.KeptBytes, _quarantineBudget.ThrottledPairs);
    }

    /// <summary>A refused reading that the device signed and sent on its own topic: its next receipt reports it.</summary>
    private void NoteRefusal(IntervalReading reading, string hash, ReadingVerdict verdict, int broker, Dictionary<string, int> touched)
    {
        if (!_refusals.TryGetValue(reading.Device, out var draft))
        {
            draft = ReceiptDraft.ForRefusals(reading.Device);
            _refusals[reading.Device] = draft;
        }

        draft.Refuse(reading.Sequence, hash, verdict.Reason, verdict.Detail);
        touched[reading.Device] = broker;
    }

    /// <summary>After a commit: one receipt draft per touched device, with its durable tip, gaps and refusals.</summary>
    private List<ReceiptDraft> DraftReceipts(Dictionary<string, int> touched, long issuedAtMs)
    {
        var drafts = new List<ReceiptDraft>(touched.Count);
        foreach (var (device, broker) in touched)
        {
            var chain = _state.Chains.GetValueOrDefault(device);
            if (!_refusals.TryGetValue(device, out var draft))
            {
                if (chain is null || chain.MaxSequence < 1)
                {
                    // Nothing durable and nothing refused: nothing to tell the device yet.
                    continue;
                }

                draft = ReceiptDraft.ForRefusals(device);
            }

            draft.Describe(chain, issuedAtMs, broker);
            drafts.Add(draft);
        }

        _refusals.Clear();
        return drafts;
    }

    private void StartBatchRefusals()
    {
        _refusals.Clear();
        _newlyThrottled.Clear();
    }

    private void RaiseThrottled()
    {
        foreach (var (source, reason) in _newlyThrottled)
        {
            QuarantineThrottled?.Invoke(source, reason);
        }

        _newlyThrottled.Clear();
    }
}
