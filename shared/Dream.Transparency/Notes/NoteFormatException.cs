namespace Dream.Transparency.Notes;

/// <summary>A signed note, a verifier key or a checkpoint body is not well formed (C2SP signed-note and tlog-checkpoint).</summary>
public sealed class NoteFormatException : FormatException
{
    public NoteFormatException()
    {
    }

    public NoteFormatException(string message)
        : base(message)
    {
    }

    public NoteFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
