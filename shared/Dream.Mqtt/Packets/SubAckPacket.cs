using Dream.Mqtt.Protocol;

namespace Dream.Mqtt.Packets;

public sealed class SubAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.SubAck;

    public ushort PacketId { get; init; }

    /// <summary>One per requested filter, in order: the granted QoS or a failure.</summary>
    public IList<MqttReasonCode> ReasonCodes { get; init; } = new List<MqttReasonCode>();

    public MqttProperties Properties { get; init; } = new();
}
