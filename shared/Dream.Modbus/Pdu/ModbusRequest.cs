namespace Dream.Modbus.Pdu;

/// <summary>A request PDU (function code + data), independent of how it is framed on the wire.</summary>
public abstract class ModbusRequest
{
    public abstract FunctionCode FunctionCode { get; }

    /// <summary>Length of the PDU in bytes, function code included.</summary>
    public abstract int PduLength { get; }

    /// <summary>Writes the PDU into <paramref name="destination"/>, which is at least <see cref="PduLength"/> long.</summary>
    public abstract void WritePdu(Span<byte> destination);

    public byte[] ToPdu()
    {
        var pdu = new byte[PduLength];
        WritePdu(pdu);
        return pdu;
    }

    protected static void CheckRange(ushort address, int count, int max, string what)
    {
        if (count < 1 || count > max)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"A request carries 1 to {max} {what}.");
        }

        if (address + count > 0x10000)
        {
            throw new ArgumentOutOfRangeException(nameof(address), address, $"Address {address} + {count} {what} runs past 65535.");
        }
    }
}
