namespace Dream.Mqtt.Packets;

public sealed class PubRecPacket : PublishResponsePacket
{
    public override MqttPacketType Type => MqttPacketType.PubRec;
}
