using System.Buffers.Binary;

namespace Dream.Modbus.Pdu;

/// <summary>FC 15: coils packed LSB first; the device answers with address and quantity.</summary>
public sealed class WriteMultipleCoilsRequest : ModbusRequest
{
    public const int MaxCoils = 1968;

    private readonly bool[] _values;

    public WriteMultipleCoilsRequest(ushort address, ReadOnlySpan<bool> values)
    {
        CheckRange(address, values.Length, MaxCoils, "coils");
        Address = address;
        _values = values.ToArray();
    }

    public override FunctionCode FunctionCode => FunctionCode.WriteMultipleCoils;

    public ushort Address { get; }

    public ushort Count => (ushort)_values.Length;

    public override int PduLength => 6 + ((_values.Length + 7) / 8);

    public override void WritePdu(Span<byte> destination)
    {
        var byteCount = (_values.Length + 7) / 8;
        destination[0] = (byte)FunctionCode;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], Address);
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], Count);
        destination[5] = (byte)byteCount;
        var data = destination.Slice(6, byteCount);
        data.Clear();
        for (var i = 0; i < _values.Length; i++)
        {
            if (_values[i])
            {
                data[i / 8] |= (byte)(1 << (i % 8));
            }
        }
    }
}
