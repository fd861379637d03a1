namespace Dream.Mqtt.Packets;

public sealed class PubRelPacket : PublishResponsePacket
{
    public override MqttPacketType Type => MqttPacketType.PubRel;
}
