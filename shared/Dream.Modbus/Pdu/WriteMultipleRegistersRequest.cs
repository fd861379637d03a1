namespace Dream.Modbus.Pdu;

/// <summary>FC 16: registers big-endian.</summary>
public sealed class WriteMultipleRegistersRequest(ushort address, ReadOnlySpan<ushort> values)
    : WriteMultipleRequest(address, values.Length, MaxRegisters, "registers")
{
    public const int MaxRegisters = 123;

    private readonly ushort[] _values = values.ToArray();

    public override FunctionCode FunctionCode => FunctionCode.WriteMultipleRegisters;

    protected override int DataLength => _values.Length * 2;

    protected override void WriteData(Span<byte> data)
    {
        for (var i = 0; i < _values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(data[(2 * i)..], _values[i]);
        }
    }
}
