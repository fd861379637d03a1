namespace Dream.Mqtt.Packets;

public sealed class DisconnectPacket : ReasonCodePacket
{
    public override MqttPacketType Type => MqttPacketType.Disconnect;
}
