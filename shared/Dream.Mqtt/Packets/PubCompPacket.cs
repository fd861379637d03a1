namespace Dream.Mqtt.Packets;

public sealed class PubCompPacket : PublishResponsePacket
{
    public override MqttPacketType Type => MqttPacketType.PubComp;
}
