namespace Dream.Transparency.Checkpoints;

/// <summary>
/// Two checkpoints signed by the log cannot both be true: the newer one is smaller, or no valid
/// consistency proof links them. Keep both notes: together they are evidence that the log forked.
/// </summary>
public sealed class InconsistentCheckpointException : Exception
{
    public InconsistentCheckpointException(Checkpoint trusted, Checkpoint next, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Trusted = trusted;
        Next = next;
    }

    /// <summary>The checkpoint we already trusted.</summary>
    public Checkpoint Trusted { get; }

    /// <summary>The newly signed checkpoint that contradicts it.</summary>
    public Checkpoint Next { get; }
}
