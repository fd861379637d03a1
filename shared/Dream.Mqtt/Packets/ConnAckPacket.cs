namespace Dream.Mqtt.Packets;

public sealed class ConnAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.ConnAck;

    public bool SessionPresent { get; init; }

    public MqttReasonCode ReasonCode { get; init; }

    public MqttProperties Properties { get; init; } = new();
}
