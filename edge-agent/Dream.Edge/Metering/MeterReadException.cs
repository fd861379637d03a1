namespace Dream.Edge.Metering;

/// <summary>A meter read failed or returned something that is not a trustworthy value.</summary>
public sealed class MeterReadException : Exception
{
    public MeterReadException()
    {
    }

    public MeterReadException(string message)
        : base(message)
    {
    }

    public MeterReadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
