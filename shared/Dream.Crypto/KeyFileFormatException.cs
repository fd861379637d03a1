namespace Dream.Crypto;

/// <summary>A key file is not a PKCS#8 PEM Ed25519 private key.</summary>
public sealed class KeyFileFormatException : FormatException
{
    public KeyFileFormatException()
    {
    }

    public KeyFileFormatException(string message)
        : base(message)
    {
    }

    public KeyFileFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
