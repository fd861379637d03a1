namespace Dream.Modbus;

/// <summary>A response that violates the protocol: bad CRC, wrong unit, function, length or transaction id.
/// The connection that produced it is no longer trusted.</summary>
public class ModbusProtocolException : IOException
{
    public ModbusProtocolException()
    {
    }

    public ModbusProtocolException(string message)
        : base(message)
    {
    }

    public ModbusProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
