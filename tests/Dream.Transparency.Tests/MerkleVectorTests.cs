using System.Text.Json;
using Dream.Transparency.Merkle;

namespace Dream.Transparency.Tests;

/// <summary>The transparency-dev/merkle vectors: every happy path verifies, every broken proof is rejected.</summary>
public sealed class MerkleVectorTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "testdata", "merkle");

    public static TheoryData<string> InclusionVectors() => Vectors("inclusion");

    public static TheoryData<string> ConsistencyVectors() => Vectors("consistency");

    [Fact]
    public void All_vectors_are_present()
    {
        Assert.True(File.Exists(Path.Combine(Root, "LICENSE")));
        Assert.Equal(98, Vectors("inclusion").Count);
        Assert.Equal(98, Vectors("consistency").Count);
    }

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void Inclusion_vector(string relativePath)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, relativePath)));
        var v = json.RootElement;
        var index = Size(v.GetProperty("leafIdx"));
        var treeSize = Size(v.GetProperty("treeSize"));
        var root = Bytes(v.GetProperty("root"));
        var leafHash = Bytes(v.GetProperty("leafHash"));
        var proof = Proof(v.GetProperty("proof"));

        void Verify() => MerkleProofVerifier.VerifyInclusion(index, treeSize, leafHash, proof, root);

        if (v.GetProperty("wantErr").GetBoolean())
        {
            Assert.Throws<MerkleProofException>(Verify);
        }
        else
        {
            Verify();
            Assert.Equal(root, MerkleProofVerifier.RootFromInclusionProof(index, treeSize, Sha256Hash.FromBytes(leafHash), proof.Select(p => Sha256Hash.FromBytes(p)).ToArray()).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void Consistency_vector(string relativePath)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, relativePath)));
        var v = json.RootElement;
        var size1 = Size(v.GetProperty("size1"));
        var size2 = Size(v.GetProperty("size2"));
        var root1 = Bytes(v.GetProperty("root1"));
        var root2 = Bytes(v.GetProperty("root2"));
        var proof = Proof(v.GetProperty("proof"));

        void Verify() => MerkleProofVerifier.VerifyConsistency(size1, size2, proof, root1, root2);

        if (v.GetProperty("wantErr").GetBoolean())
        {
            Assert.Throws<MerkleProofException>(Verify);
        }
        else
        {
            Verify();
        }
    }

    internal static TheoryData<string> Vectors(string kind) => new(VectorFiles(kind));

    internal static IEnumerable<string> VectorFiles(string kind) =>
        Directory.EnumerateFiles(Path.Combine(Root, kind), "*.json", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Root, file))
            .Order(StringComparer.Ordinal);

    // The vectors are uint64 (leafIdx-sub-@1 is 2^64 - 1); a size beyond long wraps to a negative
    // number, which is how such a value reaches our signed API and must be refused there.
    internal static long Size(JsonElement element) => unchecked((long)element.GetUInt64());

    internal static byte[] Bytes(JsonElement element) => element.ValueKind == JsonValueKind.Null ? [] : Convert.FromBase64String(element.GetString()!);

    internal static List<byte[]> Proof(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? [] : element.EnumerateArray().Select(Bytes).ToList();
}
