namespace Dream.Demo.Report;

/// <summary>The whole day, as printed and as written with <c>--json-report</c> (what the end-to-end test reads).</summary>
internal sealed record DemoReport
{
    public required string WorkDirectory { get; init; }

    public required double ClockSpeed { get; init; }

    public required long ClockEpochMs { get; init; }

    public required long DayStartMs { get; init; }

    public required long DayEndMs { get; init; }

    public required string LedgerUrl { get; init; }

    public required string LedgerDataDirectory { get; init; }

    public required string DashboardUrl { get; init; }

    public required long LogSize { get; init; }

    /// <summary>The log's C2SP verifier key line (the grid authority's checkpoint key), also in <see cref="VerifierKeyFile"/>.</summary>
    public required string VerifierKey { get; init; }

    public required string VerifierKeyFile { get; init; }

    /// <summary>The verifier key lines of the demo's two witnesses (cosignature/v1).</summary>
    public required IReadOnlyList<string> WitnessKeys { get; init; }

    /// <summary>How many checkpoints the ledger published, and how many carry a valid cosignature of both witnesses.</summary>
    public required int Checkpoints { get; init; }

    public required int CheckpointsWitnessed { get; init; }

    /// <summary>The largest checkpoint as a signed note (the GA's line, then the witnesses' cosignatures).</summary>
    public string? LatestCheckpoint { get; init; }

    public required bool LatestCheckpointWitnessed { get; init; }

    /// <summary><c>dream-ledger verify --url</c> as the registered auditor, against the running ledger.</summary>
    public AuditReport? Audit { get; init; }

    public required IReadOnlyList<DeviceReport> Devices { get; init; }

    public required IReadOnlyList<ParticipantReport> Participants { get; init; }

    public required bool MarketWired { get; init; }

    public required string MarketNote { get; init; }

    /// <summary>The market's own view at the end (promises, auctions, settlements, accounts), as the ledger served it.</summary>
    public JsonObject? Market { get; init; }
}
