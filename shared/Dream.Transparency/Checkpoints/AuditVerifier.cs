using Dream.Transparency.Api;
using Dream.Transparency.Merkle;

namespace Dream.Transparency.Checkpoints;

/// <summary>
/// An auditor or witness moving from one trusted checkpoint to the next: the new one must be signed by
/// the pinned key, name the same log, and be proved an append-only extension of the old one.
/// </summary>
public sealed class AuditVerifier
{
    public AuditVerifier(CheckpointVerifier checkpoints)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        Checkpoints = checkpoints;
    }

    public CheckpointVerifier Checkpoints { get; }

    /// <summary>
    /// Verifies <paramref name="nextSignedNote"/> and the consistency proof from <paramref name="trusted"/> to it;
    /// returns the new checkpoint, which the caller then stores as its trusted one.
    /// </summary>
    /// <exception cref="InconsistentCheckpointException">The log shrank or forked.</exception>
    /// <remarks>Signature, format and origin failures throw the exceptions of <see cref="CheckpointVerifier.Verify(string)"/>.</remarks>
    public Checkpoint VerifyNext(Checkpoint trusted, string nextSignedNote, IReadOnlyList<Sha256Hash> consistencyProof)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        ArgumentNullException.ThrowIfNull(consistencyProof);
        if (trusted.Origin != Checkpoints.Origin)
        {
            throw new CheckpointOriginMismatchException(Checkpoints.Origin, trusted.Origin);
        }

        var next = Checkpoints.Verify(nextSignedNote);
        VerifyConsistent(trusted, next, consistencyProof);
        return next;
    }

    /// <summary>As <see cref="VerifyNext(Checkpoint, string, IReadOnlyList{Sha256Hash})"/>, with the proof as <c>GET /log/proof/consistency</c> serves it.</summary>
    /// <exception cref="MerkleProofException">The proof is for other sizes than the two checkpoints, or a hash is malformed.</exception>
    public Checkpoint VerifyNext(Checkpoint trusted, string nextSignedNote, ConsistencyProofResponse proof)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        ArgumentNullException.ThrowIfNull(proof);
        var hashes = proof.DecodeHashes();
        if (trusted.Origin != Checkpoints.Origin)
        {
            throw new CheckpointOriginMismatchException(Checkpoints.Origin, trusted.Origin);
        }

        var next = Checkpoints.Verify(nextSignedNote);
        if (proof.From != trusted.Size || proof.To != next.Size)
        {
            throw new MerkleProofException(
                MerkleProofError.InvalidSize,
                $"The proof links sizes {proof.From} and {proof.To}, but the checkpoints have {trusted.Size} and {next.Size} leaves.");
        }

        VerifyConsistent(trusted, next, hashes);
        return next;
    }

    /// <summary>
    /// Checks a log rebuilt from its entries (for instance an <see cref="InMemoryMerkleTree"/> filled from a
    /// download) against a signed checkpoint: its first <see cref="Checkpoint.Size"/> leaves must hash to the
    /// checkpoint's root. A tree that matches every checkpoint also proves those checkpoints consistent.
    /// </summary>
    /// <exception cref="CheckpointMismatchException">The log is shorter than the checkpoint, or its root differs.</exception>
    public static async ValueTask VerifyTreeMatchesAsync(IMerkleNodeReader tree, Checkpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (tree.Size < checkpoint.Size)
        {
            throw new CheckpointMismatchException(checkpoint, $"The log has {tree.Size} entries, but checkpoint {checkpoint} commits to {checkpoint.Size}.");
        }

        var root = await MerkleProofs.RootAsync(tree, checkpoint.Size, cancellationToken);
        if (root != checkpoint.RootHash)
        {
            throw new CheckpointMismatchException(checkpoint, $"The first {checkpoint.Size} entries hash to {root.ToBase64()}, but the checkpoint says {checkpoint.RootHash.ToBase64()}.");
        }
    }

    /// <summary>Checks that <paramref name="next"/> extends <paramref name="trusted"/> (both already signature-checked).</summary>
    /// <exception cref="InconsistentCheckpointException">The log shrank or forked.</exception>
    public static void VerifyConsistent(Checkpoint trusted, Checkpoint next, IReadOnlyList<Sha256Hash> consistencyProof)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(consistencyProof);
        if (next.Size < trusted.Size)
        {
            throw new InconsistentCheckpointException(trusted, next, $"The log shrank from {trusted.Size} to {next.Size} leaves.");
        }

        if (trusted.Size == 0)
        {
            // Every tree extends the empty tree; there is nothing to prove, only the empty root to check.
            if (trusted.RootHash != Rfc6962.EmptyRoot || consistencyProof.Count != 0)
            {
                throw new InconsistentCheckpointException(trusted, next, "A checkpoint of the empty tree must have the empty root and needs no proof.");
            }

            return;
        }

        try
        {
            MerkleProofVerifier.VerifyConsistency(trusted.Size, next.Size, consistencyProof, trusted.RootHash, next.RootHash);
        }
        catch (MerkleProofException e)
        {
            throw new InconsistentCheckpointException(trusted, next, $"Checkpoint {next} is not an extension of {trusted}: {e.Message}", e);
        }
    }
}
