namespace Dream.Transparency.Merkle;

/// <summary>
/// Where a log keeps the hashes of its perfect subtrees (<see cref="NodeId"/>): memory, SQLite rows,
/// files of tiles. Proofs and roots ask for O(log n) nodes at once, so a database answers in one query.
/// </summary>
public interface IMerkleNodeReader
{
    /// <summary>The number of leaves stored: every node with <see cref="NodeId.EndLeaf"/> up to it exists.</summary>
    long Size { get; }

    /// <summary>Fills <paramref name="hashes"/>[i] with the hash of <paramref name="nodes"/>[i].</summary>
    /// <exception cref="MerkleNodeNotFoundException">A node is not (yet) in the store.</exception>
    ValueTask ReadNodesAsync(IReadOnlyList<NodeId> nodes, Memory<Sha256Hash> hashes, CancellationToken cancellationToken = default);
}
