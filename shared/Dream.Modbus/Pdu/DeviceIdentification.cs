namespace Dream.Modbus.Pdu;

/// <summary>One page of a FC 43/14 answer. Objects 0, 1, 2 are vendor name, product code and revision.</summary>
public sealed record DeviceIdentification(
    byte ConformityLevel,
    bool MoreFollows,
    byte NextObjectId,
    IReadOnlyDictionary<byte, string> Objects)
{
    public string? VendorName => Objects.GetValueOrDefault((byte)0);

    public string? ProductCode => Objects.GetValueOrDefault((byte)1);

    public string? Revision => Objects.GetValueOrDefault((byte)2);
}
