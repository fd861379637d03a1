namespace Dream.Modbus.Pdu;

/// <summary>FC 5: ON is 0xFF00, OFF is 0x0000; the device echoes the request.</summary>
public sealed class WriteSingleCoilRequest(ushort address, bool value) : AddressWordRequest(address)
{
    public override FunctionCode FunctionCode => FunctionCode.WriteSingleCoil;

    public bool Value { get; } = value;

    protected override ushort Word => Value ? (ushort)0xFF00 : (ushort)0x0000;
}
