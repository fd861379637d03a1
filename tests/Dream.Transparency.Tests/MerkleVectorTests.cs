namespace Dream.Transparency.Tests;

/// <summary>The transparency-dev/merkle vectors: every happy path verifies, every broken proof is rejected.</summary>
public sealed class MerkleVectorTests
{
    public static TheoryData<string> InclusionVectors() => new(MerkleVectors.Files("inclusion"));

    public static TheoryData<string> ConsistencyVectors() => new(MerkleVectors.Files("consistency"));

    [Fact]
    public void All_vectors_are_present()
    {
        Assert.True(File.Exists(Path.Combine(MerkleVectors.Root, "LICENSE")));
        Assert.Equal(98, InclusionVectors().Count);
        Assert.Equal(98, ConsistencyVectors().Count);
    }

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void Inclusion_vector(string relativePath)
    {
        var v = InclusionVector.Load(relativePath);
        AssertVerdict(v.WantErr, () => MerkleProofVerifier.VerifyInclusion(v.Index, v.TreeSize, v.LeafHash, v.Proof, v.Root));
        if (!v.WantErr)
        {
            Assert.Equal(v.Root, MerkleProofVerifier.RootFromInclusionProof(v.Index, v.TreeSize, Sha256Hash.FromBytes(v.LeafHash), v.Proof.Select(p => Sha256Hash.FromBytes(p)).ToArray()).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void Consistency_vector(string relativePath)
    {
        var v = ConsistencyVector.Load(relativePath);
        AssertVerdict(v.WantErr, () => MerkleProofVerifier.VerifyConsistency(v.Size1, v.Size2, v.Proof, v.Root1, v.Root2));
    }

    /// <summary>A vector that wants an error is refused with a proof error; any other verifies.</summary>
    private static void AssertVerdict(bool wantErr, Action verify)
    {
        if (wantErr)
        {
            Assert.Throws<MerkleProofException>(verify);
        }
        else
        {
            verify();
        }
    }
}
