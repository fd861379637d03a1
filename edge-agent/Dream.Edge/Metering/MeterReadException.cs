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

    /// <summary>
    /// Whether <paramref name="exception"/> is a failed read the meter loop counts (and samples on), rather than a
    /// fault that stops the agent: this exception, or what a meter's transport throws through it unwrapped.
    /// </summary>
    public static bool IsReadFailure(Exception exception) =>
        exception is MeterReadException or IOException or TimeoutException or Dream.Modbus.ModbusException or System.Net.Sockets.SocketException or InvalidDataException;
}
