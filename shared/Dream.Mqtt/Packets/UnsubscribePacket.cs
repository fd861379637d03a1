namespace Dream.Mqtt.Packets;

public sealed class UnsubscribePacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;

    public ushort PacketId { get; init; }

    public IList<string> TopicFilters { get; init; } = new List<string>();

    public MqttProperties Properties { get; init; } = new();
}
