namespace Dream.Modbus.Pdu;

/// <summary>FC 43 / MEI type 14: read device identification objects (vendor, product code, revision, ...).</summary>
public sealed class ReadDeviceIdentificationRequest(DeviceIdCategory category, byte objectId) : ModbusRequest
{
    public const byte MeiType = 0x0E;

    public override FunctionCode FunctionCode => FunctionCode.EncapsulatedInterface;

    public DeviceIdCategory Category { get; } = category;

    public byte ObjectId { get; } = objectId;

    public override int PduLength => 4;

    public override void WritePdu(Span<byte> destination)
    {
        destination[0] = (byte)FunctionCode;
        destination[1] = MeiType;
        destination[2] = (byte)Category;
        destination[3] = ObjectId;
    }
}
