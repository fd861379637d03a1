using Dream.Mqtt.Protocol;

namespace Dream.Mqtt.Packets;

public sealed class UnsubAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.UnsubAck;

    public ushort PacketId { get; init; }

    public IList<MqttReasonCode> ReasonCodes { get; init; } = new List<MqttReasonCode>();

    public MqttProperties Properties { get; init; } = new();
}
