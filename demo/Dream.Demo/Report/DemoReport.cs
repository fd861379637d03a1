using System.Text.Json.Nodes;

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

    public required IReadOnlyList<DeviceReport> Devices { get; init; }

    public required IReadOnlyList<ParticipantReport> Participants { get; init; }

    public required bool MarketWired { get; init; }

    public required string MarketNote { get; init; }

    /// <summary>The market's own view at the end (promises, auctions, settlements, accounts), as the ledger served it.</summary>
    public JsonObject? Market { get; init; }
}
