namespace Dream.Crypto;

/// <summary>A secret key file is readable or writable by its group or others, so it is refused.</summary>
public sealed class InsecureKeyFileException : IOException
{
    public InsecureKeyFileException()
    {
    }

    public InsecureKeyFileException(string message)
        : base(message)
    {
    }

    public InsecureKeyFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
