namespace Dream.Modbus;

/// <summary>The peer answered in the other framing: a Modbus TCP device was addressed as RTU-over-TCP or the
/// reverse (a frequent mistake with serial-to-Ethernet converters).</summary>
public sealed class ModbusFramingMismatchException : ModbusProtocolException
{
    public ModbusFramingMismatchException(ModbusFraming used, ModbusFraming detected)
        : base(Describe(used, detected))
    {
        Used = used;
        Detected = detected;
    }

    public ModbusFraming Used { get; }

    public ModbusFraming Detected { get; }

    private static string Describe(ModbusFraming used, ModbusFraming detected) => detected == ModbusFraming.Rtu
        ? $"The peer answered with RTU framing (unit + PDU + CRC) but we speak {used}: this is a serial-to-Ethernet converter in transparent mode. Use RTU over TCP (rtutcp://host:port?unit=N) or switch the converter to Modbus TCP."
        : $"The peer answered with Modbus TCP framing (MBAP header) but we speak RTU over TCP: use Modbus TCP (tcp://host:port?unit=N) or switch the converter to transparent (RTU) mode.";
}
