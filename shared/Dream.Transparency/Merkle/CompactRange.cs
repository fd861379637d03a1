using System.Numerics;

namespace Dream.Transparency.Merkle;

/// <summary>
/// The frontier of an append-only tree: the roots of the perfect subtrees that make up leaves
/// [0, Size), largest first, one per set bit of Size. Appending a leaf merges equal-sized subtrees
/// (like incrementing a binary counter), so an append costs amortized two hashes and the root costs
/// O(log n), whatever the size. This is all a writer needs in memory; the nodes an append completes
/// are handed back so a store can persist them in the same transaction as the entry.
/// </summary>
public sealed class CompactRange
{
    private readonly List<Sha256Hash> _hashes;

    private CompactRange(long size, List<Sha256Hash> hashes)
    {
        Size = size;
        _hashes = hashes;
    }

    /// <summary>The frontier of the empty tree.</summary>
    public CompactRange()
        : this(0, [])
    {
    }

    /// <summary>The number of leaves appended so far.</summary>
    public long Size { get; private set; }

    /// <summary>The perfect subtrees of the frontier, largest first (the same nodes as <see cref="ProofPlanner.Root"/>).</summary>
    public IReadOnlyList<NodeId> Nodes => ProofPlanner.Root(Size).Nodes;

    /// <summary>Rebuilds the frontier of a stored tree, for example after a restart.</summary>
    public static async ValueTask<CompactRange> LoadAsync(IMerkleNodeReader store, long size, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var plan = ProofPlanner.Root(size);
        var hashes = new Sha256Hash[plan.Nodes.Count];
        await store.ReadNodesAsync(plan.Nodes, hashes, cancellationToken);
        return new CompactRange(size, [.. hashes]);
    }

    /// <summary>Builds the frontier from hashes of the nodes <see cref="ProofPlanner.Root"/> lists for <paramref name="size"/>.</summary>
    public static CompactRange FromHashes(long size, IReadOnlyList<Sha256Hash> hashes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(hashes);
        var expected = BitOperations.PopCount((ulong)size);
        if (hashes.Count != expected)
        {
            throw new ArgumentException($"A tree of {size} leaves has a frontier of {expected} hashes, not {hashes.Count}.", nameof(hashes));
        }

        return new CompactRange(size, [.. hashes]);
    }

    /// <summary>
    /// Appends a leaf. <paramref name="completedNodes"/>, if given, receives the leaf and every perfect
    /// subtree the append completed, lowest first.
    /// </summary>
    public void Append(Sha256Hash leafHash, ICollection<MerkleNode>? completedNodes = null)
    {
        var index = Size;
        completedNodes?.Add(new MerkleNode(new NodeId(0, index), leafHash));
        var hash = leafHash;
        var merges = BitOperations.TrailingZeroCount(~(ulong)index);
        for (var level = 1; level <= merges; level++)
        {
            var left = _hashes[^1];
            _hashes.RemoveAt(_hashes.Count - 1);
            hash = Rfc6962.HashChildren(left, hash);
            completedNodes?.Add(new MerkleNode(new NodeId(level, index >> level), hash));
        }

        _hashes.Add(hash);
        Size = index + 1;
    }

    /// <summary>The root of the tree of <see cref="Size"/> leaves.</summary>
    public Sha256Hash Root()
    {
        if (_hashes.Count == 0)
        {
            return Rfc6962.EmptyRoot;
        }

        var root = _hashes[^1];
        for (var i = _hashes.Count - 2; i >= 0; i--)
        {
            root = Rfc6962.HashChildren(_hashes[i], root);
        }

        return root;
    }
}
