namespace Dream.Modbus.Pdu;

/// <summary>Read Device ID code of FC 43 / MEI 14.</summary>
public enum DeviceIdCategory : byte
{
    Basic = 0x01,
    Regular = 0x02,
    Extended = 0x03,
    Individual = 0x04,
}
