namespace Dream.Mqtt.Packets;

public sealed class UnsubAckPacket : AckListPacket
{
    public override MqttPacketType Type => MqttPacketType.UnsubAck;
}
