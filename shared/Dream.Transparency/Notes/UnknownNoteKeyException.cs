namespace Dream.Transparency.Notes;

/// <summary>A note carries no signature by the trusted key (matched by key name and key id): it may be genuine, but nothing we trust vouches for it.</summary>
public sealed class UnknownNoteKeyException : Exception
{
    public UnknownNoteKeyException()
    {
    }

    public UnknownNoteKeyException(string message)
        : base(message)
    {
    }

    public UnknownNoteKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
