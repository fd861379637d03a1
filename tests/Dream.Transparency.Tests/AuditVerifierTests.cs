namespace Dream.Transparency.Tests;

public sealed class AuditVerifierTests : IDisposable
{
    private const string Origin = TestLogKey.Origin;
    private readonly TestLogKey _log = new();
    private readonly AuditVerifier _audit;
    private readonly InMemoryMerkleTree _tree = new();

    public AuditVerifierTests()
    {
        _audit = new AuditVerifier(_log.Verifier);
        for (var i = 0; i < 40; i++)
        {
            _tree.Append([(byte)i, 1, 2, 3]);
        }
    }

    public void Dispose() => _log.Dispose();

    [Fact]
    public void A_grown_log_with_its_consistency_proof_is_accepted()
    {
        var trusted = Checkpoint(10);
        var next = _audit.VerifyNext(trusted, Sign(40), _tree.ConsistencyProof(10, 40));
        Assert.Equal(40, next.Size);
        Assert.Equal(_tree.Root(), next.RootHash);

        // The same size again needs no proof.
        Assert.Equal(40, _audit.VerifyNext(next, Sign(40), []).Size);
    }

    [Fact]
    public void A_forked_log_is_rejected_even_with_a_well_formed_proof()
    {
        var fork = new InMemoryMerkleTree();
        for (var i = 0; i < 40; i++)
        {
            fork.Append(i == 3 ? [99] : [(byte)i, 1, 2, 3]);
        }

        var trusted = Checkpoint(10);
        var forkedNote = _log.Signer.Sign(new Checkpoint(Origin, 40, fork.Root()));
        var error = Assert.Throws<InconsistentCheckpointException>(() => _audit.VerifyNext(trusted, forkedNote, fork.ConsistencyProof(10, 40)));
        Assert.Equal(MerkleProofError.RootMismatch, Assert.IsType<MerkleProofException>(error.InnerException).Error);
        Assert.Equal(10, error.Trusted!.Size);
        Assert.Equal(40, error.Next!.Size);
    }

    [Fact]
    public void A_shrunk_log_a_wrong_proof_and_a_bad_signature_are_rejected()
    {
        Assert.Throws<InconsistentCheckpointException>(() => _audit.VerifyNext(Checkpoint(30), Sign(20), []));
        Assert.Throws<InconsistentCheckpointException>(() => _audit.VerifyNext(Checkpoint(10), Sign(40), _tree.ConsistencyProof(11, 40)));
        Assert.Throws<InconsistentCheckpointException>(() => _audit.VerifyNext(Checkpoint(10), Sign(40), []));
        Assert.Throws<NoteSignatureException>(() => _audit.VerifyNext(Checkpoint(10), Sign(40).Replace("\n40\n", "\n39\n", StringComparison.Ordinal), _tree.ConsistencyProof(10, 39)));
        Assert.Throws<CheckpointOriginMismatchException>(() => _audit.VerifyNext(new Checkpoint("elsewhere", 10, _tree.RootAt(10)), Sign(40), _tree.ConsistencyProof(10, 40)));
    }

    [Fact]
    public void The_empty_log_is_extended_by_anything_but_only_with_its_real_root()
    {
        Assert.Equal(40, _audit.VerifyNext(new Checkpoint(Origin, 0, Rfc6962.EmptyRoot), Sign(40), []).Size);
        Assert.Throws<InconsistentCheckpointException>(() => _audit.VerifyNext(new Checkpoint(Origin, 0, _tree.Root()), Sign(40), []));
    }

    [Fact]
    public async Task A_rebuilt_log_matches_its_checkpoints_and_a_changed_or_missing_entry_is_caught()
    {
        var rebuilt = new InMemoryMerkleTree();
        for (var i = 0; i < 40; i++)
        {
            rebuilt.Append([(byte)i, 1, 2, 3]);
        }

        foreach (var size in new long[] { 0, 1, 10, 33, 40 })
        {
            await AuditVerifier.VerifyTreeMatchesAsync(rebuilt, Checkpoint(size));
        }

        var tampered = new InMemoryMerkleTree();
        for (var i = 0; i < 40; i++)
        {
            tampered.Append(i == 20 ? [1, 1, 2, 3] : [(byte)i, 1, 2, 3]);
        }

        await AuditVerifier.VerifyTreeMatchesAsync(tampered, Checkpoint(20));
        var error = await Assert.ThrowsAsync<CheckpointMismatchException>(async () => await AuditVerifier.VerifyTreeMatchesAsync(tampered, Checkpoint(21)));
        Assert.Equal(21, error.Checkpoint!.Size);

        var truncated = new InMemoryMerkleTree();
        truncated.Append([0, 1, 2, 3]);
        await Assert.ThrowsAsync<CheckpointMismatchException>(async () => await AuditVerifier.VerifyTreeMatchesAsync(truncated, Checkpoint(2)));
    }

    private Checkpoint Checkpoint(long size) => new(Origin, size, _tree.RootAt(size));

    private string Sign(long size) => _log.Signer.Sign(Checkpoint(size));
}
