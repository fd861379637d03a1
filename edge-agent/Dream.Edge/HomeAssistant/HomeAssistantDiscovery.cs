using System.Text;
using System.Text.Json;
using Dream.Edge.Configuration;
using Dream.Edge.Metering;

namespace Dream.Edge.HomeAssistant;

/// <summary>
/// What the agent announces to Home Assistant, sans I/O: per meter three sensors (live power, the import and the
/// export energy register) under <c>&lt;prefix&gt;/sensor/&lt;node&gt;/&lt;object&gt;/config</c>, one JSON state
/// per meter, one availability topic per gateway. Energy is the meter's register in whole Wh, written as the
/// integer it is (never through a double).
/// </summary>
public sealed class HomeAssistantDiscovery
{
    public const string Online = "online";
    public const string Offline = "offline";

    private readonly HomeAssistantOptions _options;
    private readonly string _version;

    public HomeAssistantDiscovery(HomeAssistantOptions options, string device, IEnumerable<string> meterIds, string version)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        _options = options;
        _version = version;
        NodeId = "dream-" + TopicSafe(device.StartsWith("did:key:", StringComparison.Ordinal) ? device["did:key:".Length..] : device);
        MeterIds = [.. meterIds];
        AvailabilityTopic = $"dream-agent/{NodeId}/availability";
    }

    /// <summary>The gateway's node id: its did:key's key part, so two gateways on one broker never collide.</summary>
    public string NodeId { get; }

    public IReadOnlyList<string> MeterIds { get; }

    public string AvailabilityTopic { get; }

    /// <summary>Home Assistant's birth message topic: when it says "online", the configs are announced again.</summary>
    public string HomeAssistantStatusTopic => _options.DiscoveryPrefix + "/status";

    public string StateTopic(string meterId) => $"dream-agent/{NodeId}/{TopicSafe(meterId)}/state";

    /// <summary>Every discovery config (topic and retained payload) of the gateway.</summary>
    public IEnumerable<(string Topic, byte[] Payload)> Configs()
    {
        foreach (var meter in MeterIds)
        {
            yield return Config(meter, "power", $"{meter} power", "power", "measurement", "W", "power_w");
            yield return Config(meter, "energy_import", $"{meter} energy import", "energy", "total_increasing", "Wh", "import_wh");
            yield return Config(meter, "energy_export", $"{meter} energy export", "energy", "total_increasing", "Wh", "export_wh");
        }
    }

    /// <summary>A meter's state: the sample's time, power in W and both energy registers in Wh, all integers.</summary>
    public static byte[] State(long timeMs, MeterSample sample)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("time_ms", timeMs);
            writer.WriteNumber("power_w", sample.PowerW);
            writer.WriteNumber("import_wh", sample.ImportWh);
            writer.WriteNumber("export_wh", sample.ExportWh);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>Topic levels and ids keep to what Home Assistant accepts in a node or object id: [A-Za-z0-9_-].</summary>
    public static string TopicSafe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return builder.ToString();
    }

    private (string Topic, byte[] Payload) Config(string meter, string what, string name, string deviceClass, string stateClass, string unit, string field)
    {
        var objectId = $"{TopicSafe(meter)}_{what}";
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteString("unique_id", $"{NodeId}_{objectId}");
            writer.WriteString("state_topic", StateTopic(meter));
            writer.WriteString("value_template", $"{{{{ value_json.{field} }}}}");
            writer.WriteString("device_class", deviceClass);
            writer.WriteString("state_class", stateClass);
            writer.WriteString("unit_of_measurement", unit);
            writer.WriteString("availability_topic", AvailabilityTopic);
            writer.WriteString("payload_available", Online);
            writer.WriteString("payload_not_available", Offline);
            writer.WriteStartObject("device");
            writer.WriteStartArray("identifiers");
            writer.WriteStringValue(NodeId);
            writer.WriteEndArray();
            writer.WriteString("name", _options.DeviceName);
            writer.WriteString("manufacturer", "Dream");
            writer.WriteString("model", "dream-agent");
            writer.WriteString("sw_version", _version);
            writer.WriteEndObject();
            writer.WriteStartObject("origin");
            writer.WriteString("name", "dream-agent");
            writer.WriteString("sw_version", _version);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return ($"{_options.DiscoveryPrefix}/sensor/{NodeId}/{objectId}/config", stream.ToArray());
    }
}
