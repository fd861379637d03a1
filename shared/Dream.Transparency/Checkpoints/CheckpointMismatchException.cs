namespace Dream.Transparency.Checkpoints;

/// <summary>The entries a log holds do not hash to the root of a checkpoint it signed.</summary>
public sealed class CheckpointMismatchException : Exception
{
    public CheckpointMismatchException(Checkpoint checkpoint, string message)
        : base(message)
    {
        Checkpoint = checkpoint;
    }

    /// <summary>The signed checkpoint the entries contradict.</summary>
    public Checkpoint Checkpoint { get; }
}
