namespace Dream.Modbus;

/// <summary>No complete, valid response arrived in time, after every retry.</summary>
public sealed class ModbusTimeoutException : TimeoutException
{
    public ModbusTimeoutException()
    {
    }

    public ModbusTimeoutException(string message)
        : base(message)
    {
    }

    public ModbusTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
