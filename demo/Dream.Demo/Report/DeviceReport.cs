namespace Dream.Demo.Report;

/// <summary>What the ledger logged for one metering point, beside what its agent says it sent and got receipted.</summary>
internal sealed record DeviceReport
{
    public required string Id { get; init; }

    public required string Profile { get; init; }

    public required string Owner { get; init; }

    public required string OwnerDid { get; init; }

    public required string Did { get; init; }

    public required string PassportId { get; init; }

    public required double PvKwp { get; init; }

    public required double BaseLoadW { get; init; }

    public required int Readings { get; init; }

    /// <summary>Energy over the logged readings (last register − first register), Wh.</summary>
    public required long ImportWh { get; init; }

    public required long ExportWh { get; init; }

    public required long LastSequence { get; init; }

    public required long ReceiptedSequence { get; init; }

    /// <summary>The simulated meter's read log (<c>simulate-meter --read-log</c>) and how many reads it held at the report.</summary>
    public required string MeterReadLog { get; init; }

    public required int MeterReads { get; init; }

    public required IReadOnlyList<ReadingRow> Rows { get; init; }
}
