namespace Dream.Modbus.Pdu;

/// <summary>The five-byte PDU of FC 1 to 6: function code, address, then one 16-bit word (the quantity to read,
/// or the value to write).</summary>
public abstract class AddressWordRequest(ushort address) : ModbusRequest
{
    public ushort Address { get; } = address;

    public sealed override int PduLength => 5;

    /// <summary>The word after the address, as it goes on the wire.</summary>
    protected abstract ushort Word { get; }

    public sealed override void WritePdu(Span<byte> destination)
    {
        destination[0] = (byte)FunctionCode;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], Address);
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], Word);
    }
}
