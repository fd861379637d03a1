namespace Dream.Mqtt.Packets;

public sealed class PubAckPacket : PublishResponsePacket
{
    public override MqttPacketType Type => MqttPacketType.PubAck;
}
