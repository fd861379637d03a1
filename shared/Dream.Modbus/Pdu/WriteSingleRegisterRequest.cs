namespace Dream.Modbus.Pdu;

/// <summary>FC 6; the device echoes the request.</summary>
public sealed class WriteSingleRegisterRequest(ushort address, ushort value) : AddressWordRequest(address)
{
    public override FunctionCode FunctionCode => FunctionCode.WriteSingleRegister;

    public ushort Value { get; } = value;

    protected override ushort Word => Value;
}
