namespace Dream.Ledger.Witnessing;

/// <summary>A witness did not cosign a checkpoint: unreachable, too slow, or it refused (and why).</summary>
public sealed class WitnessException : Exception
{
    public WitnessException()
    {
    }

    public WitnessException(string message)
        : base(message)
    {
    }

    public WitnessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
