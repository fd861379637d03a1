namespace Dream.Mqtt.Protocol;

/// <summary>A user property: a name and value pair that may repeat and whose order is kept.</summary>
public readonly record struct MqttUserProperty(string Name, string Value);
