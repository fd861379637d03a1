namespace Dream.Meters.Profiles;

/// <summary>A profile file that cannot be used; the message names the file and every problem found.</summary>
public sealed class MeterProfileException : Exception
{
    public MeterProfileException()
    {
    }

    public MeterProfileException(string message)
        : base(message)
    {
    }

    public MeterProfileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
