namespace Dream.Mqtt.Packets;

public sealed class ConnectPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Connect;

    public string ClientId { get; init; } = string.Empty;

    public bool CleanStart { get; init; }

    public ushort KeepAliveSeconds { get; init; }

    public string? Username { get; init; }

    public ReadOnlyMemory<byte>? Password { get; init; }

    /// <summary>The message the server publishes on the client's behalf when the connection ends abnormally (its properties are the will properties).</summary>
    public MqttMessage? Will { get; init; }

    public MqttProperties Properties { get; init; } = new();
}
