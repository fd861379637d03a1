namespace Dream.Mqtt.Packets;

/// <summary>The packets whose body ends in an optional reason code (absent: 0) and optional properties:
/// DISCONNECT, AUTH and the publish responses.</summary>
public abstract class ReasonCodePacket : MqttPacket
{
    public MqttReasonCode ReasonCode { get; init; }

    public MqttProperties Properties { get; init; } = new();
}
