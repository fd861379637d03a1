namespace Dream.Transparency.Notes;

/// <summary>A note carries a signature under the trusted key's name and id that does not verify: the text or the signature was altered.</summary>
public sealed class NoteSignatureException : Exception
{
    public NoteSignatureException()
    {
    }

    public NoteSignatureException(string message)
        : base(message)
    {
    }

    public NoteSignatureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
