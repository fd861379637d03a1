namespace Dream.Mqtt.Packets;

/// <summary>The shared shape of PUBACK, PUBREC, PUBREL and PUBCOMP: packet id, then reason code and properties.</summary>
public abstract class PublishResponsePacket : ReasonCodePacket
{
    public ushort PacketId { get; init; }
}
