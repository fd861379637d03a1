using Dream.Transparency.Checkpoints;
using Dream.Transparency.Merkle;

namespace Dream.Transparency.Api;

/// <summary>
/// <c>GET /log/proof/inclusion?index=I&amp;size=N</c>: the audit path of leaf <see cref="Index"/> in the tree of
/// <see cref="TreeSize"/> leaves, leaf first, hashes in standard base64.
/// </summary>
public sealed record InclusionProofResponse(long Index, long TreeSize, string LeafHash, IReadOnlyList<string> Hashes)
{
    public static InclusionProofResponse Create(long index, long treeSize, Sha256Hash leafHash, IReadOnlyList<Sha256Hash> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return new InclusionProofResponse(index, treeSize, leafHash.ToBase64(), proof.Select(h => h.ToBase64()).ToArray());
    }

    /// <summary>The proof hashes.</summary>
    /// <exception cref="MerkleProofException">A hash is not base64 of 32 bytes (<see cref="MerkleProofError.MalformedHash"/>).</exception>
    public Sha256Hash[] DecodeHashes() => ProofEncoding.Decode(Hashes);

    /// <exception cref="MerkleProofException">The leaf hash is not base64 of 32 bytes.</exception>
    public Sha256Hash DecodeLeafHash() => ProofEncoding.Decode(LeafHash, "leaf hash");

    /// <summary>Checks the proof against the root of a tree of <see cref="TreeSize"/> leaves that the caller trusts.</summary>
    /// <exception cref="MerkleProofException">The proof is malformed or does not lead to <paramref name="root"/>.</exception>
    public void Verify(Sha256Hash root) => MerkleProofVerifier.VerifyInclusion(Index, TreeSize, DecodeLeafHash(), DecodeHashes(), root);

    /// <summary>Checks that <paramref name="entry"/> is the entry the proof is for, and that the proof leads to the checkpoint's root.</summary>
    /// <exception cref="MerkleProofException">The entry hashes to another leaf (<see cref="MerkleProofError.LeafMismatch"/>), or the proof fails.</exception>
    public void VerifyEntry(ReadOnlySpan<byte> entry, Checkpoint checkpoint)
    {
        if (Rfc6962.HashLeaf(entry) != DecodeLeafHash())
        {
            throw new MerkleProofException(MerkleProofError.LeafMismatch, $"The entry does not hash to leaf hash {LeafHash} of index {Index}.");
        }

        Verify(checkpoint);
    }

    /// <summary>Checks the proof against a verified checkpoint, which must be of the same tree size.</summary>
    /// <exception cref="MerkleProofException">The sizes differ, or the proof does not lead to the checkpoint's root.</exception>
    public void Verify(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Size != TreeSize)
        {
            throw new MerkleProofException(MerkleProofError.InvalidSize, $"The proof is for a tree of {TreeSize} leaves, the checkpoint for {checkpoint.Size}.");
        }

        Verify(checkpoint.RootHash);
    }
}
