namespace Dream.Edge.Outbox;

/// <summary>
/// The outbox file could not be written (the disk is full, or an I/O error): the transaction was rolled back,
/// nothing of it is stored, and the store stays usable for when space returns.
/// </summary>
public sealed class OutboxWriteException : Exception
{
    public OutboxWriteException()
    {
    }

    public OutboxWriteException(string message)
        : base(message)
    {
    }

    public OutboxWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
