namespace Dream.Serial;

/// <summary>A serial port operation failed; the message names the port, the system error and what to check.</summary>
public sealed class SerialPortException : IOException
{
    public SerialPortException(string message)
        : base(message)
    {
    }

    public SerialPortException(string message, int errno)
        : base(message) => Errno = errno;

    /// <summary>The C library's errno, or 0.</summary>
    public int Errno { get; }
}
