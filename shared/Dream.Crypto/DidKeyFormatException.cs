namespace Dream.Crypto;

/// <summary>A string that should be an Ed25519 did:key is not one; the message says why.</summary>
public sealed class DidKeyFormatException : FormatException
{
    public DidKeyFormatException()
    {
    }

    public DidKeyFormatException(string message)
        : base(message)
    {
    }

    public DidKeyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
