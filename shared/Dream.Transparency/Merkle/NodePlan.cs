namespace Dream.Transparency.Merkle;

/// <summary>
/// The stored nodes a proof or a root needs, in the order the result lists them, and how to combine
/// them: at most one run of nodes covers the ragged right edge of a tree whose size is not a power of
/// two; that run is folded right to left into a single hash (RFC 9162's MTH of an unbalanced range).
/// Planning is pure arithmetic, so the same plan serves an in-memory tree, SQLite or a remote tile cache.
/// </summary>
public sealed class NodePlan
{
    private readonly NodeId[] _nodes;

    internal NodePlan(NodeId[] nodes, int foldStart, int foldCount)
    {
        _nodes = nodes;
        FoldStart = foldStart;
        FoldCount = foldCount;
    }

    /// <summary>The nodes to read, each a complete perfect subtree of the tree the plan is for.</summary>
    public IReadOnlyList<NodeId> Nodes => _nodes;

    /// <summary>Where the run of nodes to fold starts in <see cref="Nodes"/>.</summary>
    public int FoldStart { get; }

    /// <summary>How many nodes are folded into one hash (0 or 1 means nothing to fold).</summary>
    public int FoldCount { get; }

    /// <summary>How many hashes <see cref="Assemble"/> returns.</summary>
    public int ResultLength => FoldCount > 1 ? _nodes.Length - FoldCount + 1 : _nodes.Length;

    /// <summary>Combines the hashes read for <see cref="Nodes"/> (same order) into the result.</summary>
    public Sha256Hash[] Assemble(ReadOnlySpan<Sha256Hash> hashes)
    {
        if (hashes.Length != _nodes.Length)
        {
            throw new ArgumentException($"The plan reads {_nodes.Length} nodes, but {hashes.Length} hashes were given.", nameof(hashes));
        }

        if (FoldCount <= 1)
        {
            return hashes.ToArray();
        }

        var result = new Sha256Hash[ResultLength];
        hashes[..FoldStart].CopyTo(result);
        var folded = hashes[FoldStart + FoldCount - 1];
        for (var i = FoldStart + FoldCount - 2; i >= FoldStart; i--)
        {
            folded = Rfc6962.HashChildren(hashes[i], folded);
        }

        result[FoldStart] = folded;
        hashes[(FoldStart + FoldCount)..].CopyTo(result.AsSpan(FoldStart + 1));
        return result;
    }
}
