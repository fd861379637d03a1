namespace Dream.Mqtt.Packets;

public sealed class PublishPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Publish;

    /// <summary>Empty only when a topic alias stands for it.</summary>
    public string Topic { get; init; } = string.Empty;

    public ReadOnlyMemory<byte> Payload { get; init; }

    public MqttQualityOfService QoS { get; init; }

    public bool Retain { get; init; }

    public bool Dup { get; init; }

    /// <summary>0 for QoS 0, otherwise 1 to 65535.</summary>
    public ushort PacketId { get; init; }

    public MqttProperties Properties { get; init; } = new();
}
