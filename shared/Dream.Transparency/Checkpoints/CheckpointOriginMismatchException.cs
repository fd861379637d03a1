namespace Dream.Transparency.Checkpoints;

/// <summary>A correctly signed checkpoint names another log than the one we expect (a key reused across logs).</summary>
public sealed class CheckpointOriginMismatchException : Exception
{
    public CheckpointOriginMismatchException(string expected, string actual)
        : base($"The checkpoint is for log '{actual}', not '{expected}'.")
    {
        Expected = expected;
        Actual = actual;
    }

    public string Expected { get; }

    public string Actual { get; }
}
