namespace Dream.Edge.Service;

/// <summary>What the agent knows about one meter right now, for <c>dream-agent status</c>.</summary>
public sealed class MeterStatus
{
    public required string Id { get; init; }

    public long? LastSampleAtMs { get; set; }

    public long? LastPowerW { get; set; }

    public long? LastImportWh { get; set; }

    public long? LastExportWh { get; set; }

    public long? LastIntervalEndMs { get; set; }

    public long? LastSequence { get; set; }

    public int? LastFlags { get; set; }

    public long Samples { get; set; }

    public long Errors { get; set; }

    public string? LastError { get; set; }

    public long? LastErrorAtMs { get; set; }

    /// <summary>Closed intervals held in memory because the outbox cannot be written (a full disk).</summary>
    public int UnstoredIntervals { get; set; }

    /// <summary>Monotonic timestamp of the last tick (success or failure): the watchdog's evidence.</summary>
    internal long LastTickTimestamp { get; set; }
}
