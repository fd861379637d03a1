namespace Dream.Transparency.Tests;

/// <summary>One consistency vector: a proof that the tree of <see cref="Size1"/> is a prefix of the tree of <see cref="Size2"/>.</summary>
internal sealed record ConsistencyVector(long Size1, long Size2, byte[] Root1, byte[] Root2, List<byte[]> Proof, bool WantErr)
{
    public static ConsistencyVector Load(string relativePath)
    {
        var v = MerkleVectors.Read(relativePath);
        return new ConsistencyVector(
            MerkleVectors.Size(v.GetProperty("size1")),
            MerkleVectors.Size(v.GetProperty("size2")),
            MerkleVectors.Bytes(v.GetProperty("root1")),
            MerkleVectors.Bytes(v.GetProperty("root2")),
            MerkleVectors.Proof(v.GetProperty("proof")),
            v.GetProperty("wantErr").GetBoolean());
    }
}
