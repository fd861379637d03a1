using System.Buffers.Binary;

namespace Dream.Modbus.Pdu;

/// <summary>FC 6; the device echoes the request.</summary>
public sealed class WriteSingleRegisterRequest(ushort address, ushort value) : ModbusRequest
{
    public override FunctionCode FunctionCode => FunctionCode.WriteSingleRegister;

    public ushort Address { get; } = address;

    public ushort Value { get; } = value;

    public override int PduLength => 5;

    public override void WritePdu(Span<byte> destination)
    {
        destination[0] = (byte)FunctionCode;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], Address);
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], Value);
    }
}
