using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dream.Edge.Service;

/// <summary>
/// The running agent's state: per meter, outbox, broker and receipts. Written atomically to
/// <c>status.json</c> in the data directory (what <c>dream-agent status</c> reads) and published retained.
/// </summary>
public sealed class AgentStatus
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock _lock = new();

    public required string Device { get; init; }

    public required long StartedAtMs { get; init; }

    public long UpdatedAtMs { get; set; }

    public string State { get; set; } = "starting";

    public List<MeterStatus> Meters { get; init; } = [];

    public bool BrokerConnected { get; set; }

    public string? BrokerError { get; set; }

    public long? BrokerConnectedAtMs { get; set; }

    public int OutboxDepth { get; set; }

    public int OutboxMax { get; set; }

    public long? OldestUnreceiptedSequence { get; set; }

    public long? OldestUnreceiptedEndMs { get; set; }

    public long LastSequence { get; set; }

    public long LastPublishedSequence { get; set; }

    public long LastReceiptSequence { get; set; }

    public long? LastReceiptAtMs { get; set; }

    public bool ClockSynchronized { get; set; }

    /// <summary>Loud, human-readable problems: outbox near its bound, clock not synchronized, meters failing.</summary>
    public List<string> Alarms { get; set; } = [];

    public T Update<T>(Func<AgentStatus, T> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_lock)
        {
            return change(this);
        }
    }

    public byte[] ToJson()
    {
        lock (_lock)
        {
            return JsonSerializer.SerializeToUtf8Bytes(this, s_json);
        }
    }

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>Writes the status atomically (write a temporary file, then rename over the old one).</summary>
    public void WriteTo(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, ToJson());
        File.Move(temporary, path, overwrite: true);
    }
}
