namespace Dream.Crypto;

/// <summary>libsodium could not be loaded or is unusable; the message names the package to install.</summary>
public sealed class LibsodiumUnavailableException : Exception
{
    public LibsodiumUnavailableException()
    {
    }

    public LibsodiumUnavailableException(string message)
        : base(message)
    {
    }

    public LibsodiumUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
