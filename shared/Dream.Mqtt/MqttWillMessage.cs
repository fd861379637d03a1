namespace Dream.Mqtt;

/// <summary>The message the server publishes on the client's behalf when the connection ends abnormally.</summary>
public sealed class MqttWillMessage
{
    public required string Topic { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    public MqttQualityOfService QoS { get; init; }

    public bool Retain { get; init; }

    public MqttProperties Properties { get; init; } = new();
}
