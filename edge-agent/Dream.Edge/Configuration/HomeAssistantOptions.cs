namespace Dream.Edge.Configuration;

/// <summary>
/// Home Assistant MQTT discovery (docs/agent.md): the prosumer's own broker, where the agent announces each
/// meter's live power and energy registers so Home Assistant shows the gateway. Off unless configured.
/// </summary>
public sealed record HomeAssistantOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 1883;

    public TlsFileOptions? Tls { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Home Assistant's discovery prefix (its MQTT integration's setting).</summary>
    public string DiscoveryPrefix { get; init; } = DefaultDiscoveryPrefix;

    /// <summary>The device's name in Home Assistant.</summary>
    public string DeviceName { get; init; } = DefaultDeviceName;

    public const string DefaultDiscoveryPrefix = "homeassistant";

    public const string DefaultDeviceName = "Dream gateway";
}
