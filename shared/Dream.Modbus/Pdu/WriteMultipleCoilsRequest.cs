namespace Dream.Modbus.Pdu;

/// <summary>FC 15: coils packed LSB first.</summary>
public sealed class WriteMultipleCoilsRequest(ushort address, ReadOnlySpan<bool> values)
    : WriteMultipleRequest(address, values.Length, MaxCoils, "coils")
{
    public const int MaxCoils = 1968;

    private readonly bool[] _values = values.ToArray();

    public override FunctionCode FunctionCode => FunctionCode.WriteMultipleCoils;

    protected override int DataLength => (_values.Length + 7) / 8;

    protected override void WriteData(Span<byte> data)
    {
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
