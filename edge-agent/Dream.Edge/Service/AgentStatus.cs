using System.Text.Json;

namespace Dream.Edge.Service;

/// <summary>
/// The running agent's state: per meter, outbox, broker and receipts. Written atomically to
/// <c>status.json</c> in the data directory (what <c>dream-agent status</c> reads) and published retained.
/// </summary>
public sealed class AgentStatus
{
    public const int MaxRefusalsShown = 10;

    /// <summary>The status file is written padded to a multiple of this, so it can be rewritten in place on a full disk.</summary>
    private const int FileBlock = 4096;

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

    /// <summary>The ledger's refusals of readings still in the outbox (newest last, at most <see cref="MaxRefusalsShown"/>).</summary>
    public List<RefusalStatus> Refusals { get; set; } = [];

    /// <summary>The ledger's last receipt accounts for every reading up to this one (stored, or named missing).</summary>
    public long LedgerSeenThrough { get; set; }

    /// <summary>Gaps the ledger's last receipt named (sequence ranges, e.g. "2, 4-6"), resent at once; null when none.</summary>
    public string? LedgerMissing { get; set; }

    /// <summary>Why the outbox cannot be written now (a full disk); null when it can.</summary>
    public string? StorageError { get; set; }

    /// <summary>Closed intervals held in memory until the outbox can be written again.</summary>
    public int UnstoredIntervals { get; set; }

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
            return JsonSerializer.SerializeToUtf8Bytes(this, AgentStatusJsonContext.Default.AgentStatus);
        }
    }

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>
    /// Writes the status atomically (a temporary file renamed over the old one), padded with spaces to whole
    /// blocks with room to spare. When the disk is full, the old file's blocks are overwritten in place instead:
    /// that needs no new space, so <c>dream-agent status</c> shows the alarm exactly when it matters.
    /// </summary>
    public void WriteTo(string path)
    {
        var json = ToJson();
        var temporary = path + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, Padded(json, ((json.Length + (FileBlock / 2)) / FileBlock + 1) * FileBlock));
            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException) when (File.Exists(path) && new FileInfo(path).Length >= json.Length + 1)
        {
            File.Delete(temporary);
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
            file.Write(Padded(json, (int)file.Length));
            file.Flush(flushToDisk: false);
        }
    }

    private static byte[] Padded(byte[] json, int length)
    {
        var bytes = new byte[length];
        json.CopyTo(bytes, 0);
        bytes.AsSpan(json.Length).Fill((byte)' ');
        bytes[^1] = (byte)'\n';
        return bytes;
    }
}
