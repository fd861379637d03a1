namespace Dream.Transparency.Tests;

/// <summary>One inclusion vector: a proof that leaf <see cref="Index"/> is in the tree of <see cref="TreeSize"/>.</summary>
internal sealed record InclusionVector(long Index, long TreeSize, byte[] Root, byte[] LeafHash, List<byte[]> Proof, bool WantErr)
{
    public static InclusionVector Load(string relativePath)
    {
        var v = MerkleVectors.Read(relativePath);
        return new InclusionVector(
            MerkleVectors.Size(v.GetProperty("leafIdx")),
            MerkleVectors.Size(v.GetProperty("treeSize")),
            MerkleVectors.Bytes(v.GetProperty("root")),
            MerkleVectors.Bytes(v.GetProperty("leafHash")),
            MerkleVectors.Proof(v.GetProperty("proof")),
            v.GetProperty("wantErr").GetBoolean());
    }
}
