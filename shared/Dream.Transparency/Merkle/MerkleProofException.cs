namespace Dream.Transparency.Merkle;

/// <summary>An inclusion or consistency proof does not prove what it claims.</summary>
public sealed class MerkleProofException : Exception
{
    public MerkleProofException(MerkleProofError error, string message)
        : base(message)
    {
        Error = error;
    }

    public MerkleProofError Error { get; }
}
