namespace Dream.Transparency.Merkle;

/// <summary>Roots and proofs served from any <see cref="IMerkleNodeReader"/>: plan, read the nodes in one call, assemble.</summary>
public static class MerkleProofs
{
    /// <summary>The root of the first <paramref name="treeSize"/> leaves of the store.</summary>
    public static async ValueTask<Sha256Hash> RootAsync(IMerkleNodeReader store, long treeSize, CancellationToken cancellationToken = default)
    {
        var plan = ProofPlanner.Root(treeSize);
        if (plan.Nodes.Count == 0)
        {
            return Rfc6962.EmptyRoot;
        }

        var result = await ReadAsync(store, plan, treeSize, cancellationToken);
        return result[0];
    }

    /// <summary>The inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="treeSize"/> leaves.</summary>
    public static ValueTask<Sha256Hash[]> InclusionAsync(IMerkleNodeReader store, long index, long treeSize, CancellationToken cancellationToken = default) =>
        ReadAsync(store, ProofPlanner.Inclusion(index, treeSize), treeSize, cancellationToken);

    /// <summary>The consistency proof from the tree of <paramref name="size1"/> leaves to the tree of <paramref name="size2"/>.</summary>
    public static ValueTask<Sha256Hash[]> ConsistencyAsync(IMerkleNodeReader store, long size1, long size2, CancellationToken cancellationToken = default) =>
        ReadAsync(store, ProofPlanner.Consistency(size1, size2), size2, cancellationToken);

    private static async ValueTask<Sha256Hash[]> ReadAsync(IMerkleNodeReader store, NodePlan plan, long treeSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (treeSize > store.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(treeSize), treeSize, $"The store holds only {store.Size} leaves.");
        }

        var hashes = new Sha256Hash[plan.Nodes.Count];
        await store.ReadNodesAsync(plan.Nodes, hashes, cancellationToken);
        return plan.Assemble(hashes);
    }
}
