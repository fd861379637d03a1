namespace Dream.Transparency.Witnesses;

/// <summary>A checkpoint lacks the cosignatures of enough trusted witnesses: it may be a view shown to this client alone.</summary>
public sealed class WitnessQuorumException : Exception
{
    public WitnessQuorumException()
    {
    }

    public WitnessQuorumException(string message)
        : base(message)
    {
    }

    public WitnessQuorumException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
