namespace Dream.Mqtt.Packets;

public sealed class SubAckPacket : AckListPacket
{
    public override MqttPacketType Type => MqttPacketType.SubAck;
}
