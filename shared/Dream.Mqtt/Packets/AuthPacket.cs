namespace Dream.Mqtt.Packets;

public sealed class AuthPacket : ReasonCodePacket
{
    public override MqttPacketType Type => MqttPacketType.Auth;
}
