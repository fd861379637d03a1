using System.Buffers.Binary;

namespace Dream.Modbus.Pdu;

/// <summary>FC 5: ON is 0xFF00, OFF is 0x0000; the device echoes the request.</summary>
public sealed class WriteSingleCoilRequest(ushort address, bool value) : ModbusRequest
{
    public override FunctionCode FunctionCode => FunctionCode.WriteSingleCoil;

    public ushort Address { get; } = address;

    public bool Value { get; } = value;

    public override int PduLength => 5;

    public override void WritePdu(Span<byte> destination)
    {
        destination[0] = (byte)FunctionCode;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], Address);
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], Value ? (ushort)0xFF00 : (ushort)0x0000);
    }
}
