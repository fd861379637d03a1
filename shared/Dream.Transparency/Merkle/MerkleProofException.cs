namespace Dream.Transparency.Merkle;

/// <summary>An inclusion or consistency proof does not prove what it claims.</summary>
public sealed class MerkleProofException : Exception
{
    public MerkleProofException()
    {
    }

    public MerkleProofException(string message)
        : base(message)
    {
    }

    public MerkleProofException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MerkleProofException(MerkleProofError error, string message)
        : base(message)
    {
        Error = error;
    }

    public MerkleProofError Error { get; }
}
