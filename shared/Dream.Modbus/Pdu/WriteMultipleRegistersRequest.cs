using System.Buffers.Binary;

namespace Dream.Modbus.Pdu;

/// <summary>FC 16; the device answers with address and quantity.</summary>
public sealed class WriteMultipleRegistersRequest : ModbusRequest
{
    public const int MaxRegisters = 123;

    private readonly ushort[] _values;

    public WriteMultipleRegistersRequest(ushort address, ReadOnlySpan<ushort> values)
    {
        CheckRange(address, values.Length, MaxRegisters, "registers");
        Address = address;
        _values = values.ToArray();
    }

    public override FunctionCode FunctionCode => FunctionCode.WriteMultipleRegisters;

    public ushort Address { get; }

    public ushort Count => (ushort)_values.Length;

    public override int PduLength => 6 + (_values.Length * 2);

    public override void WritePdu(Span<byte> destination)
    {
        destination[0] = (byte)FunctionCode;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], Address);
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], Count);
        destination[5] = (byte)(_values.Length * 2);
        for (var i = 0; i < _values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(6 + (2 * i))..], _values[i]);
        }
    }
}
