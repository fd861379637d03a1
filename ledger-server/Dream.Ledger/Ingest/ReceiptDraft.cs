using Dream.Ledger.State;

namespace Dream.Ledger.Ingest;

/// <summary>
/// A device's receipt before signing: its durable tip and gaps after a commit, and the refusals of the batch.
/// When the signer falls behind, drafts of the same device merge (the later state wins, refusals add up).
/// </summary>
internal sealed class ReceiptDraft
{
    private readonly List<RefusedReading> _refused = [];

    private ReceiptDraft(string device)
    {
        Device = device;
    }

    public string Device { get; }

    public long ThroughSequence { get; private set; }

    public string ThroughHash { get; private set; } = IntervalReading.GenesisHash;

    public long LogIndex { get; private set; } = -1;

    public long SeenThrough { get; private set; }

    public IReadOnlyList<SequenceRange> Missing { get; private set; } = [];

    public long IssuedAtMs { get; private set; }

    public IReadOnlyList<RefusedReading> Refused => _refused;

    public long RefusedOmitted { get; private set; }

    /// <summary>The broker the device's latest message came from, where its receipt goes.</summary>
    public int Broker { get; private set; }

    public static ReceiptDraft ForRefusals(string device) => new(device);

    /// <summary>Adds a refusal of one of the device's readings (bounded: beyond the list only counted).</summary>
    public void Refuse(long sequence, string hash, RejectReason reason, string detail)
    {
        if (_refused.Count >= Receipt.MaxRefused)
        {
            RefusedOmitted++;
            return;
        }

        var shortDetail = detail.Length > Receipt.MaxDetailLength ? string.Concat(detail.AsSpan(0, Receipt.MaxDetailLength - 1), "…") : detail;
        _refused.Add(new RefusedReading(sequence, hash, RejectReasons.Name(reason), shortDetail, RefusalRetry.MayBeAcceptedLater(reason)));
    }

    /// <summary>Takes the chain's durable state: the contiguous tip, the lowest gaps, how far they are known.</summary>
    public void Describe(DeviceChain? chain, long issuedAtMs, int broker)
    {
        IssuedAtMs = issuedAtMs;
        Broker = broker;
        if (chain is null)
        {
            return;
        }

        var tip = chain.Tip;
        ThroughSequence = tip.Sequence;
        ThroughHash = tip.Sequence == 0 ? IntervalReading.GenesisHash : tip.Hash;
        LogIndex = tip.Sequence == 0 ? -1 : tip.LogIndex;
        var missing = new List<SequenceRange>();
        var seen = chain.MaxSequence;
        foreach (var (from, to) in chain.Gaps())
        {
            if (missing.Count == Receipt.MaxMissingRanges)
            {
                seen = from - 1;
                break;
            }

            missing.Add(new SequenceRange(from, to));
        }

        Missing = missing;
        SeenThrough = seen;
    }

    /// <summary>This draft, followed by the later one of the same device.</summary>
    public void MergeLater(ReceiptDraft later)
    {
        ThroughSequence = later.ThroughSequence;
        ThroughHash = later.ThroughHash;
        LogIndex = later.LogIndex;
        SeenThrough = later.SeenThrough;
        Missing = later.Missing;
        IssuedAtMs = later.IssuedAtMs;
        Broker = later.Broker;
        foreach (var refused in later._refused)
        {
            if (_refused.Count < Receipt.MaxRefused)
            {
                _refused.Add(refused);
            }
            else
            {
                RefusedOmitted++;
            }
        }

        RefusedOmitted += later.RefusedOmitted;
    }

    public Receipt ToReceipt() => new()
    {
        Device = Device,
        ThroughSequence = ThroughSequence,
        ThroughHash = ThroughHash,
        LogIndex = LogIndex,
        IssuedAtMs = IssuedAtMs,
        SeenThrough = SeenThrough,
        Missing = Missing,
        Refused = [.. _refused],
        RefusedOmitted = RefusedOmitted,
    };
}
