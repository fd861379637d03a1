namespace Dream.Mqtt.Packets;

public sealed class SubscribePacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Subscribe;

    public ushort PacketId { get; init; }

    public IList<MqttSubscription> Subscriptions { get; init; } = new List<MqttSubscription>();

    public MqttProperties Properties { get; init; } = new();
}
