namespace Dream.Mqtt;

/// <summary>An application message, as published or as received.</summary>
public sealed class MqttMessage
{
    public required string Topic { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    public MqttQualityOfService QoS { get; init; }

    public bool Retain { get; init; }

    /// <summary>Content type, response topic, correlation data, user properties, expiry, subscription ids...</summary>
    public MqttProperties Properties { get; init; } = new();
}
