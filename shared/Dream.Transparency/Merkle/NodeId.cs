namespace Dream.Transparency.Merkle;

/// <summary>
/// A perfect subtree of the log: level 0 is a leaf, level L at index I covers leaves
/// [I * 2^L, (I + 1) * 2^L). Once the log holds its last leaf its hash never changes, which is
/// what lets a store keep it.
/// </summary>
public readonly record struct NodeId
{
    public NodeId(int level, long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 62);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        Level = level;
        Index = index;
    }

    public int Level { get; }

    public long Index { get; }

    /// <summary>The first leaf the node covers.</summary>
    public long FirstLeaf => Index << Level;

    /// <summary>One past the last leaf the node covers: the tree must be at least this big to have the node.</summary>
    public long EndLeaf => (Index + 1) << Level;

    public override string ToString() => $"{Level}/{Index}";
}
