namespace Dream.Transparency.Merkle;

/// <summary>
/// A whole tree in memory: every perfect subtree's hash, one growable array per level (about 2n hashes,
/// 64 MB per million leaves), and the frontier for the current root. Appends cost amortized two hashes,
/// proofs O(log n) array reads. Thread-safe: one writer and any number of readers.
/// It doubles as the reference <see cref="IMerkleNodeReader"/> for tests and for an offline verifier
/// that rebuilds a downloaded log.
/// </summary>
public sealed class InMemoryMerkleTree : IMerkleNodeReader
{
    private readonly Lock _lock = new();
    private readonly List<List<Sha256Hash>> _levels = [];
    private readonly CompactRange _frontier = new();
    private readonly List<MerkleNode> _completed = new(64);

    /// <summary>The number of leaves.</summary>
    public long Size
    {
        get
        {
            lock (_lock)
            {
                return _frontier.Size;
            }
        }
    }

    /// <summary>Appends an entry (hashed as an RFC 6962 leaf) and returns its index.</summary>
    public long Append(ReadOnlySpan<byte> entry) => AppendLeafHash(Rfc6962.HashLeaf(entry));

    /// <summary>Appends a leaf whose hash is already known and returns its index.</summary>
    public long AppendLeafHash(Sha256Hash leafHash)
    {
        lock (_lock)
        {
            var index = _frontier.Size;
            if (index == int.MaxValue)
            {
                throw new InvalidOperationException("An in-memory tree holds at most 2^31 - 1 leaves; use a store beyond that.");
            }

            _completed.Clear();
            _frontier.Append(leafHash, _completed);
            foreach (var node in _completed)
            {
                if (node.Id.Level == _levels.Count)
                {
                    _levels.Add([]);
                }

                _levels[node.Id.Level].Add(node.Hash);
            }

            return index;
        }
    }

    /// <summary>The root of the current tree.</summary>
    public Sha256Hash Root()
    {
        lock (_lock)
        {
            return _frontier.Root();
        }
    }

    /// <summary>The root of the tree as it was at <paramref name="treeSize"/> leaves.</summary>
    public Sha256Hash RootAt(long treeSize)
    {
        var plan = ProofPlanner.Root(treeSize);
        return plan.Nodes.Count == 0 ? Rfc6962.EmptyRoot : Read(plan, treeSize)[0];
    }

    /// <summary>The leaf hash at <paramref name="index"/>.</summary>
    public Sha256Hash LeafHash(long index) => Read(new NodeId(0, index));

    /// <summary>The inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="treeSize"/> leaves.</summary>
    public Sha256Hash[] InclusionProof(long index, long treeSize) => Read(ProofPlanner.Inclusion(index, treeSize), treeSize);

    /// <summary>The consistency proof from <paramref name="size1"/> leaves to <paramref name="size2"/>.</summary>
    public Sha256Hash[] ConsistencyProof(long size1, long size2) => Read(ProofPlanner.Consistency(size1, size2), size2);

    public ValueTask ReadNodesAsync(IReadOnlyList<NodeId> nodes, Memory<Sha256Hash> hashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (hashes.Length < nodes.Count)
        {
            throw new ArgumentException($"Room for {nodes.Count} hashes is needed.", nameof(hashes));
        }

        var span = hashes.Span;
        lock (_lock)
        {
            for (var i = 0; i < nodes.Count; i++)
            {
                span[i] = ReadLocked(nodes[i]);
            }
        }

        return ValueTask.CompletedTask;
    }

    private Sha256Hash[] Read(NodePlan plan, long treeSize)
    {
        Span<Sha256Hash> hashes = plan.Nodes.Count <= 128 ? stackalloc Sha256Hash[plan.Nodes.Count] : new Sha256Hash[plan.Nodes.Count];
        lock (_lock)
        {
            if (treeSize > _frontier.Size)
            {
                throw new ArgumentOutOfRangeException(nameof(treeSize), treeSize, $"The tree has only {_frontier.Size} leaves.");
            }

            for (var i = 0; i < hashes.Length; i++)
            {
                hashes[i] = ReadLocked(plan.Nodes[i]);
            }
        }

        return plan.Assemble(hashes);
    }

    private Sha256Hash Read(NodeId node)
    {
        lock (_lock)
        {
            return ReadLocked(node);
        }
    }

    private Sha256Hash ReadLocked(NodeId node)
    {
        if (node.Level >= _levels.Count || node.Index >= _levels[node.Level].Count)
        {
            throw new MerkleNodeNotFoundException(node);
        }

        return _levels[node.Level][(int)node.Index];
    }
}
