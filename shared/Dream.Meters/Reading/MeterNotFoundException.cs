namespace Dream.Meters.Reading;

/// <summary>The device answers but is not the meter the profile describes.</summary>
public sealed class MeterNotFoundException : Exception
{
    public MeterNotFoundException()
    {
    }

    public MeterNotFoundException(string message)
        : base(message)
    {
    }

    public MeterNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
