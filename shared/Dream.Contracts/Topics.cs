namespace Dream.Contracts;

/// <summary>The MQTT topic tree, version 1. A device id is the device's did:key.</summary>
public static class Topics
{
    public const string Root = "dream/v1";

    /// <summary>Signed readings, QoS 1; one envelope or a JSON array of envelopes.</summary>
    public static string Readings(string deviceId) => $"{Root}/{deviceId}/readings";

    /// <summary>The ledger's signed receipts for the device.</summary>
    public static string Receipts(string deviceId) => $"{Root}/{deviceId}/receipts";

    /// <summary>The agent's status: retained, and its will message.</summary>
    public static string Status(string deviceId) => $"{Root}/{deviceId}/status";

    /// <summary>Unsigned live power, QoS 0.</summary>
    public static string Live(string deviceId) => $"{Root}/{deviceId}/live";

    /// <summary>What the ledger subscribes to: a shared subscription so ingest can scale out.</summary>
    public const string LedgerReadingsSubscription = "$share/ledger/" + Root + "/+/readings";

    /// <summary>The device id in a readings topic, or null when the topic is not one.</summary>
    public static string? DeviceOfReadingsTopic(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var prefix = Root + "/";
        const string Suffix = "/readings";
        if (!topic.StartsWith(prefix, StringComparison.Ordinal) || !topic.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var device = topic[prefix.Length..^Suffix.Length];
        return device.Length == 0 || device.Contains('/', StringComparison.Ordinal) ? null : device;
    }
}
