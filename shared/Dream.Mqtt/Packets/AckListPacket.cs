namespace Dream.Mqtt.Packets;

/// <summary>The shared shape of SUBACK and UNSUBACK: packet id, properties, then one reason code per filter.</summary>
public abstract class AckListPacket : MqttPacket
{
    public ushort PacketId { get; init; }

    /// <summary>One per requested filter, in order: the granted QoS or a failure.</summary>
    public IList<MqttReasonCode> ReasonCodes { get; init; } = new List<MqttReasonCode>();

    public MqttProperties Properties { get; init; } = new();
}
