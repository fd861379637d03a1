namespace Dream.Edge.Transport;

/// <summary>A failure of the link to the ledger, with its <see cref="Kind"/>.</summary>
public sealed class TransportException : Exception
{
    public TransportException()
    {
    }

    public TransportException(string message)
        : base(message)
    {
    }

    public TransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TransportException(TransportErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public TransportErrorKind Kind { get; }
}
