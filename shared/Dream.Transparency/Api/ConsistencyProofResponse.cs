using Dream.Transparency.Merkle;

namespace Dream.Transparency.Api;

/// <summary>
/// <c>GET /log/proof/consistency?from=M&amp;to=N</c>: the RFC 9162 consistency proof that the tree of
/// <see cref="From"/> leaves is a prefix of the tree of <see cref="To"/> leaves, hashes in standard base64.
/// </summary>
public sealed record ConsistencyProofResponse(long From, long To, IReadOnlyList<string> Hashes)
{
    public static ConsistencyProofResponse Create(long from, long to, IReadOnlyList<Sha256Hash> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return new ConsistencyProofResponse(from, to, proof.Select(h => h.ToBase64()).ToArray());
    }

    /// <exception cref="MerkleProofException">A hash is not base64 of 32 bytes (<see cref="MerkleProofError.MalformedHash"/>).</exception>
    public Sha256Hash[] DecodeHashes() => ProofEncoding.Decode(Hashes);

    /// <summary>Checks the proof between two roots the caller trusts.</summary>
    /// <exception cref="MerkleProofException">The proof is malformed or the roots are not consistent.</exception>
    public void Verify(Sha256Hash fromRoot, Sha256Hash toRoot) => MerkleProofVerifier.VerifyConsistency(From, To, DecodeHashes(), fromRoot, toRoot);
}
