namespace Dream.Edge.Configuration;

/// <summary>The agent's configuration (agent.json, overridden by DREAM_AGENT__ environment variables). See docs/agent.md.</summary>
public sealed record AgentOptions
{
    public required IReadOnlyList<MeterOptions> Meters { get; init; }

    public required BrokerOptions Broker { get; init; }

    /// <summary>The grid authority's did:key: receipts must carry its signature.</summary>
    public required string GridAuthorityKey { get; init; }

    public required string DataDirectory { get; init; }

    public required OutboxOptions Outbox { get; init; }

    /// <summary>Home Assistant MQTT discovery on the prosumer's broker; null (the default) when off.</summary>
    public HomeAssistantOptions? HomeAssistant { get; init; }

    /// <summary>Testing only: wall and monotonic time run this many times faster (1 in production).</summary>
    public double ClockSpeed { get; init; } = 1;

    /// <summary>Testing only: the real time (Unix ms) from which accelerated time runs; 0 = process start.</summary>
    public long ClockEpochMs { get; init; }

    public string DeviceKeyFile => Path.Combine(DataDirectory, "device.key");

    public string OutboxFile => Path.Combine(DataDirectory, "outbox.db");

    public string StatusFile => Path.Combine(DataDirectory, "status.json");
}
