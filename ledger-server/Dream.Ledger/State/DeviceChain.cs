namespace Dream.Ledger.State;

/// <summary>
/// A device's hash chain as far as stored: the tip of the contiguous run 1..n, and the readings stored
/// above a gap, by sequence number. Older links live in the store only.
/// </summary>
public sealed class DeviceChain
{
    /// <summary>What lies below a device's first reading: sequence 0, whose hash is the genesis hash.</summary>
    public static readonly ChainLink Genesis = new(0, IntervalReading.GenesisHash, string.Empty, -1, string.Empty, 0, 0, 0, 0, 0, 0);

    public ChainLink Tip { get; private set; } = Genesis;

    public SortedDictionary<long, ChainLink> AboveGap { get; } = [];

    public long MaxSequence => AboveGap.Count > 0 ? AboveGap.Keys.Last() : Tip.Sequence;

    public bool TryGetRecent(long sequence, out ChainLink link)
    {
        if (sequence == Tip.Sequence && sequence > 0)
        {
            link = Tip;
            return true;
        }

        return AboveGap.TryGetValue(sequence, out link);
    }

    /// <summary>The nearest known link below <paramref name="sequence"/> (the tip at worst; genesis for a new chain).</summary>
    public ChainLink Below(long sequence)
    {
        var best = Tip;
        foreach (var (seq, link) in AboveGap)
        {
            if (seq >= sequence)
            {
                break;
            }

            best = link;
        }

        return best;
    }

    public ChainLink? Above(long sequence)
    {
        foreach (var (seq, link) in AboveGap)
        {
            if (seq > sequence)
            {
                return link;
            }
        }

        return null;
    }

    public void Add(ChainLink link)
    {
        if (link.Sequence == Tip.Sequence + 1)
        {
            Tip = link;
            while (AboveGap.Remove(Tip.Sequence + 1, out var next))
            {
                Tip = next;
            }
        }
        else
        {
            AboveGap[link.Sequence] = link;
        }
    }

    /// <summary>The missing sequence ranges (inclusive) between the tip and the highest stored reading.</summary>
    public IEnumerable<(long From, long To)> Gaps()
    {
        var expected = Tip.Sequence + 1;
        foreach (var seq in AboveGap.Keys)
        {
            if (seq > expected)
            {
                yield return (expected, seq - 1);
            }

            expected = seq + 1;
        }
    }
}
