namespace Dream.Modbus.Pdu;

/// <summary>The PDU of FC 15 and 16: function code, address, quantity, byte count, then the packed values; the
/// device answers with address and quantity.</summary>
public abstract class WriteMultipleRequest : ModbusRequest
{
    protected WriteMultipleRequest(ushort address, int count, int max, string what)
    {
        CheckRange(address, count, max, what);
        Address = address;
        Count = (ushort)count;
    }

    public ushort Address { get; }

    public ushort Count { get; }

    public sealed override int PduLength => 6 + DataLength;

    /// <summary>The byte count: how many bytes the packed values take.</summary>
    protected abstract int DataLength { get; }

    public sealed override void WritePdu(Span<byte> destination)
    {
        destination[0] = (byte)FunctionCode;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], Address);
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], Count);
        destination[5] = (byte)DataLength;
        WriteData(destination.Slice(6, DataLength));
    }

    /// <summary>Packs the values into <paramref name="data"/>, exactly <see cref="DataLength"/> bytes.</summary>
    protected abstract void WriteData(Span<byte> data);
}
