using Dream.Mqtt.Protocol;

namespace Dream.Mqtt.Packets;

/// <summary>The shared shape of PUBACK, PUBREC, PUBREL and PUBCOMP: packet id, reason code, properties.</summary>
public abstract class PublishResponsePacket : MqttPacket
{
    public ushort PacketId { get; init; }

    public MqttReasonCode ReasonCode { get; init; }

    public MqttProperties Properties { get; init; } = new();
}
