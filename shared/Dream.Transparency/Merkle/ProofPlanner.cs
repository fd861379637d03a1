using System.Numerics;

namespace Dream.Transparency.Merkle;

/// <summary>
/// Which stored nodes make up a root, an inclusion proof (RFC 9162 2.1.3.1 PATH) or a consistency
/// proof (RFC 9162 2.1.4.1 SUBPROOF). Every sibling in those recursions is a perfect subtree except at
/// most one range on the tree's right edge, which the plan expresses as a run to fold; so any proof
/// costs O(log n) node reads and at most O(log n) hashes.
/// </summary>
public static class ProofPlanner
{
    /// <summary>The nodes whose right fold is the root of the first <paramref name="treeSize"/> leaves.</summary>
    /// <remarks>An empty tree has no nodes: its root is <see cref="Rfc6962.EmptyRoot"/>.</remarks>
    public static NodePlan Root(long treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        var builder = new Builder(stackalloc NodeId[Builder.Capacity]);
        builder.AddRange(0, treeSize);
        return builder.Build();
    }

    /// <summary>The audit path of leaf <paramref name="index"/> in the tree of <paramref name="treeSize"/> leaves, leaf first.</summary>
    public static NodePlan Inclusion(long index, long treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, treeSize);
        var builder = new Builder(stackalloc NodeId[Builder.Capacity]);
        AddPath(ref builder, index, 0, treeSize);
        return builder.Build();
    }

    /// <summary>The consistency proof from the tree of <paramref name="size1"/> leaves to the tree of <paramref name="size2"/>.</summary>
    /// <remarks>Equal sizes give an empty proof. A proof from the empty tree proves nothing, so size1 must be at least 1.</remarks>
    public static NodePlan Consistency(long size1, long size2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size1, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size2, size1);
        var builder = new Builder(stackalloc NodeId[Builder.Capacity]);
        if (size1 < size2)
        {
            AddSubproof(ref builder, size1, 0, size2, true);
        }

        return builder.Build();
    }

    // PATH(m, D[start:end]) with the recursion unrolled from the root down; siblings are collected top
    // down and added in reverse so the proof reads leaf first. A tree has at most 63 levels.
    private static void AddPath(ref Builder builder, long index, long start, long end)
    {
        Span<(long Start, long End)> topDown = stackalloc (long, long)[64];
        var count = 0;
        while (end - start > 1)
        {
            var k = LargestPowerOfTwoBelow(end - start);
            if (index < start + k)
            {
                topDown[count++] = (start + k, end);
                end = start + k;
            }
            else
            {
                topDown[count++] = (start, start + k);
                start += k;
            }
        }

        for (var i = count - 1; i >= 0; i--)
        {
            builder.AddRange(topDown[i].Start, topDown[i].End);
        }
    }

    // SUBPROOF(m, D[start:end], b), unrolled the same way; m is absolute (the old tree size).
    private static void AddSubproof(ref Builder builder, long m, long start, long end, bool completeSubtree)
    {
        Span<(long Start, long End)> topDown = stackalloc (long, long)[65];
        var count = 0;
        while (true)
        {
            if (m == end)
            {
                if (!completeSubtree)
                {
                    topDown[count++] = (start, end);
                }

                break;
            }

            var k = LargestPowerOfTwoBelow(end - start);
            if (m <= start + k)
            {
                topDown[count++] = (start + k, end);
                end = start + k;
            }
            else
            {
                topDown[count++] = (start, start + k);
                start += k;
                completeSubtree = false;
            }
        }

        for (var i = count - 1; i >= 0; i--)
        {
            builder.AddRange(topDown[i].Start, topDown[i].End);
        }
    }

    private static long LargestPowerOfTwoBelow(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    private ref struct Builder
    {
        /// <summary>A proof has at most 64 siblings and one of them may expand into at most 63 nodes.</summary>
        public const int Capacity = 128;

        private readonly Span<NodeId> _nodes;
        private int _count;
        private int _foldStart;
        private int _foldCount;

        public Builder(Span<NodeId> nodes)
        {
            _nodes = nodes;
        }

        // MTH(D[start:end]): a perfect subtree is one node; a ragged range splits into perfect subtrees of
        // decreasing size (the set bits of its length), whose right fold is its hash.
        public void AddRange(long start, long end)
        {
            var length = end - start;
            if (length <= 0)
            {
                return;
            }

            if (BitOperations.IsPow2(length))
            {
                var level = BitOperations.TrailingZeroCount(length);
                _nodes[_count++] = new NodeId(level, start >> level);
                return;
            }

            if (_foldCount > 0)
            {
                throw new InvalidOperationException("A proof never has two ragged ranges; the planner is broken.");
            }

            _foldStart = _count;
            _foldCount = BitOperations.PopCount((ulong)length);
            var position = start;
            for (var level = 63 - BitOperations.LeadingZeroCount((ulong)length); level >= 0; level--)
            {
                if ((length & (1L << level)) != 0)
                {
                    _nodes[_count++] = new NodeId(level, position >> level);
                    position += 1L << level;
                }
            }
        }

        public readonly NodePlan Build() => new(_nodes[.._count].ToArray(), _foldStart, _foldCount);
    }
}
