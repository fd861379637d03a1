namespace Dream.Edge.Transport;

/// <summary>The link is down (or did not come up), why, and when the transport tries again (null: it does not).</summary>
public sealed class TransportDisconnectedEventArgs(TransportErrorKind kind, string reason, TimeSpan? retryIn) : EventArgs
{
    public TransportErrorKind Kind { get; } = kind;

    public string Reason { get; } = reason;

    public TimeSpan? RetryIn { get; } = retryIn;
}
