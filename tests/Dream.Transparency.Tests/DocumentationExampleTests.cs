using System.Security.Cryptography;
using Dream.Transparency.Api;

namespace Dream.Transparency.Tests;

/// <summary>
/// The worked example of docs/transparency-log.md. Its values were computed with the shell and openssl
/// steps the document gives; this test keeps the library and the document in agreement.
/// </summary>
public sealed class DocumentationExampleTests
{
    private const string Origin = "example.org/dream-log";
    private const string VerifierKey = "example.org/dream-log+41ef3275+AQpXv2FdTWDyD/9qHwZ3Olb1h5VXinOnAfgdkL2gVt7N";
    private const string Note =
        "example.org/dream-log\n5\nDjwlGit7V4sF8I+rF2QcIxWRJS/AIomzZDZ9SOQfz5M=\n\n" +
        "\u2014 example.org/dream-log Qe8ydZVDUhMv5CdzLGvtXDQHq4YF4LcW+vPs3TgvOPhRF3WWV/EV0A1vsiDiP+5dZoqx9P5BvSeLBWtB4VOl5EjpGAM=\n";

    [Fact]
    public void The_documented_tree_proofs_and_checkpoint_are_what_the_library_produces()
    {
        var tree = new InMemoryMerkleTree();
        for (var i = 0; i < 5; i++)
        {
            tree.Append(Encoding.ASCII.GetBytes($"reading-{i}"));
        }

        string[] leaves =
        [
            "fVZk8TKDQVuXMbveLEy6N/iXSm9WGvjet56e7VjF93o=",
            "Y/kp7VFUjbYGIbzDJBAtk7cGdxlxCTJSYfs3kOBv/SU=",
            "n6A9eZC6dlnTUf4YSieRdooGsDXHV8mAuImNi2CC4Wk=",
            "KsTaPqq76vB4ERTkYyTuej3As2GiVOKBDw3T8Zcgng8=",
            "5ABJkCHc0k3awgG6KY+FL/VVVgcfpVwtEzzH0r4Yfqk=",
        ];
        Assert.Equal(leaves, Enumerable.Range(0, 5).Select(i => tree.LeafHash(i).ToBase64()));
        Assert.Equal("DjwlGit7V4sF8I+rF2QcIxWRJS/AIomzZDZ9SOQfz5M=", tree.Root().ToBase64());
        Assert.Equal("aFPXkU8YJQF+ZMJIcZzBbNYYtmlB+H8eO3n8TePengg=", tree.RootAt(3).ToBase64());

        var n01 = "cjCd5CFmJSALnFQgG3jrrK8UaC6G4zakfP3X798kDXM=";
        Assert.Equal([leaves[3], n01, leaves[4]], tree.InclusionProof(2, 5).Select(h => h.ToBase64()));
        Assert.Equal([leaves[2], leaves[3], n01, leaves[4]], tree.ConsistencyProof(3, 5).Select(h => h.ToBase64()));
        Assert.Equal(
            """{"index":2,"treeSize":5,"leafHash":"n6A9eZC6dlnTUf4YSieRdooGsDXHV8mAuImNi2CC4Wk=","hashes":["KsTaPqq76vB4ERTkYyTuej3As2GiVOKBDw3T8Zcgng8=","cjCd5CFmJSALnFQgG3jrrK8UaC6G4zakfP3X798kDXM=","5ABJkCHc0k3awgG6KY+FL/VVVgcfpVwtEzzH0r4Yfqk="]}""",
            System.Text.Json.JsonSerializer.Serialize(InclusionProofResponse.Create(2, 5, tree.LeafHash(2), tree.InclusionProof(2, 5)), TransparencyJsonContext.Wire.InclusionProofResponse));

        // The example key's seed is SHA-256 of a public phrase: it signs examples, never a real log.
        using var key = Ed25519PrivateKey.FromSeed(SHA256.HashData("dream transparency log example key"u8));
        var signer = new CheckpointSigner(Origin, key);
        Assert.Equal(VerifierKey, signer.VerifierKey);
        Assert.Equal(Note, signer.Sign(new Checkpoint(Origin, 5, tree.Root())));

        var checkpoint = CheckpointVerifier.FromVerifierKey(Origin, VerifierKey).Verify(Note);
        Assert.Equal(tree.Root(), checkpoint.RootHash);
        InclusionProofResponse.Create(2, 5, tree.LeafHash(2), tree.InclusionProof(2, 5)).Verify(checkpoint);
    }
}
