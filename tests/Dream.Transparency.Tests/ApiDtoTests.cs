using Dream.Transparency.Api;

namespace Dream.Transparency.Tests;

public sealed class ApiDtoTests
{
    private readonly InMemoryMerkleTree _tree = new();

    public ApiDtoTests()
    {
        foreach (var leaf in ReferenceTree.Rfc6962Leaves)
        {
            _tree.Append(leaf);
        }
    }

    [Fact]
    public void Inclusion_proof_json_has_the_documented_shape_and_verifies_after_a_round_trip()
    {
        var response = InclusionProofResponse.Create(2, 8, _tree.LeafHash(2), _tree.InclusionProof(2, 8));
        var json = JsonSerializer.Serialize(response, TransparencyJsonContext.Wire.InclusionProofResponse);

        // Expected hashes computed independently with Python's hashlib from the RFC 6962 test leaves:
        // leaf 3, then node(leaf 0, leaf 1), then node(node(leaf 4, leaf 5), node(leaf 6, leaf 7)).
        Assert.Equal(
            """{"index":2,"treeSize":8,"leafHash":"ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=","hashes":["B1Bqhf2d0vEg62lPhgEeW7RmLlxBWmKRcDPUqWJEh+c=","+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=","a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="]}""",
            json);

        var parsed = JsonSerializer.Deserialize(json, TransparencyJsonContext.Default.InclusionProofResponse)!;
        parsed.Verify(_tree.Root());
        Assert.Equal(MerkleProofError.RootMismatch, Assert.Throws<MerkleProofException>(() => parsed.Verify(_tree.RootAt(7))).Error);
    }

    [Fact]
    public void Consistency_proof_json_round_trips_and_verifies()
    {
        var response = ConsistencyProofResponse.Create(3, 8, _tree.ConsistencyProof(3, 8));
        var json = JsonSerializer.Serialize(response, TransparencyJsonContext.Default.ConsistencyProofResponse);
        Assert.StartsWith("""{"from":3,"to":8,"hashes":[""", json, StringComparison.Ordinal);
        var parsed = JsonSerializer.Deserialize(json, TransparencyJsonContext.Default.ConsistencyProofResponse)!;
        parsed.Verify(_tree.RootAt(3), _tree.Root());
        Assert.Throws<MerkleProofException>(() => parsed.Verify(_tree.RootAt(4), _tree.Root()));
    }

    [Theory]
    [InlineData("""{"index":2,"treeSize":8,"leafHash":"BJeBGnoyOBDMHMvA9zzAC+zW1bQwT0YDDWl7ZP2pbzo="}""")]
    [InlineData("""{"index":2,"treeSize":8,"leafHash":null,"hashes":[]}""")]
    [InlineData("""{"index":2,"leafHash":"BJeBGnoyOBDMHMvA9zzAC+zW1bQwT0YDDWl7ZP2pbzo=","hashes":[]}""")]
    [InlineData("""{"index":"2","treeSize":8,"leafHash":"BJeBGnoyOBDMHMvA9zzAC+zW1bQwT0YDDWl7ZP2pbzo=","hashes":[]}""")]
    public void Missing_null_or_mistyped_members_are_json_errors(string json)
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(json, TransparencyJsonContext.Default.InclusionProofResponse));
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(json, TransparencyJsonContext.Wire.InclusionProofResponse));
    }

    [Fact]
    public void Hashes_that_are_not_canonical_base64_of_32_bytes_are_malformed()
    {
        var good = InclusionProofResponse.Create(2, 8, _tree.LeafHash(2), _tree.InclusionProof(2, 8));
        foreach (var bad in new[] { "not base64!", "AAAA", " " + good.Hashes[0], good.Hashes[0].TrimEnd('=') })
        {
            var broken = good with { Hashes = [bad, good.Hashes[1], good.Hashes[2]] };
            Assert.Equal(MerkleProofError.MalformedHash, Assert.Throws<MerkleProofException>(() => broken.Verify(_tree.Root())).Error);
        }

        Assert.Equal(MerkleProofError.MalformedHash, Assert.Throws<MerkleProofException>(() => (good with { LeafHash = "AAAA" }).Verify(_tree.Root())).Error);

        // System.Text.Json does not enforce nullability inside collections; the decoder does.
        var nullHash = JsonSerializer.Deserialize("""{"index":2,"treeSize":8,"leafHash":"BJeBGnoyOBDMHMvA9zzAC+zW1bQwT0YDDWl7ZP2pbzo=","hashes":[null]}""", TransparencyJsonContext.Default.InclusionProofResponse)!;
        Assert.Equal(MerkleProofError.MalformedHash, Assert.Throws<MerkleProofException>(() => nullHash.Verify(_tree.Root())).Error);
    }

    [Fact]
    public void An_inclusion_proof_checks_against_a_checkpoint_of_the_same_size_only()
    {
        var proof = InclusionProofResponse.Create(5, 8, _tree.LeafHash(5), _tree.InclusionProof(5, 8));
        proof.Verify(new Checkpoint("log", 8, _tree.Root()));
        proof.VerifyEntry(ReferenceTree.Rfc6962Leaves[5], new Checkpoint("log", 8, _tree.Root()));
        Assert.Equal(MerkleProofError.LeafMismatch, Assert.Throws<MerkleProofException>(() => proof.VerifyEntry(ReferenceTree.Rfc6962Leaves[4], new Checkpoint("log", 8, _tree.Root()))).Error);
        Assert.Equal(MerkleProofError.InvalidSize, Assert.Throws<MerkleProofException>(() => proof.Verify(new Checkpoint("log", 7, _tree.RootAt(7)))).Error);
    }

    [Fact]
    public void The_audit_verifier_takes_the_served_consistency_proof_and_checks_its_sizes()
    {
        using var key = Ed25519PrivateKey.Generate();
        var signer = new CheckpointSigner("log", key);
        var audit = new AuditVerifier(CheckpointVerifier.FromVerifierKey("log", signer.VerifierKey));
        var trusted = new Checkpoint("log", 3, _tree.RootAt(3));
        var note = signer.Sign(new Checkpoint("log", 8, _tree.Root()));
        var served = JsonSerializer.Deserialize(
            JsonSerializer.Serialize(ConsistencyProofResponse.Create(3, 8, _tree.ConsistencyProof(3, 8)), TransparencyJsonContext.Default.ConsistencyProofResponse),
            TransparencyJsonContext.Default.ConsistencyProofResponse)!;
        Assert.Equal(8, audit.VerifyNext(trusted, note, served).Size);

        var otherSizes = ConsistencyProofResponse.Create(4, 8, _tree.ConsistencyProof(4, 8));
        Assert.Equal(MerkleProofError.InvalidSize, Assert.Throws<MerkleProofException>(() => audit.VerifyNext(trusted, note, otherSizes)).Error);
    }
}
