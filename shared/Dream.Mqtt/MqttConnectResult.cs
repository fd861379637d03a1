namespace Dream.Mqtt;

/// <summary>What the server granted in CONNACK.</summary>
public sealed record MqttConnectResult(
    bool SessionPresent,
    string ClientId,
    TimeSpan KeepAlive,
    ushort ServerReceiveMaximum,
    MqttQualityOfService MaximumQoS,
    int MaximumPacketSize);
