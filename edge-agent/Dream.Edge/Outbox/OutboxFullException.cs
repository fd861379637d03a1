namespace Dream.Edge.Outbox;

/// <summary>The outbox holds its maximum of unreceipted readings; nothing was stored and nothing was dropped.</summary>
public sealed class OutboxFullException : Exception
{
    public OutboxFullException()
    {
    }

    public OutboxFullException(string message)
        : base(message)
    {
    }

    public OutboxFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
