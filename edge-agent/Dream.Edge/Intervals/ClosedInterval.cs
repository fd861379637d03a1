using Dream.Contracts;

namespace Dream.Edge.Intervals;

/// <summary>A closed interval of one meter, ready to be numbered, chained and signed.</summary>
public sealed record ClosedInterval(
    long StartMs,
    long EndMs,
    long ImportWh,
    long ExportWh,
    long DeltaImportWh,
    long DeltaExportWh,
    long MinW,
    long AvgW,
    long MaxW,
    int Samples,
    ReadingQuality Flags)
{
    public RegisterBaseline EndBaseline => new(ImportWh, ExportWh, EndMs);

    /// <summary>The reading this interval becomes once the outbox has numbered and chained it.</summary>
    public IntervalReading ToReading(string device, string passport, long sequence, string previousHash) => new()
    {
        Device = device,
        Passport = passport,
        Sequence = sequence,
        StartMs = StartMs,
        EndMs = EndMs,
        ImportWh = ImportWh,
        ExportWh = ExportWh,
        DeltaImportWh = DeltaImportWh,
        DeltaExportWh = DeltaExportWh,
        MinW = MinW,
        AvgW = AvgW,
        MaxW = MaxW,
        Samples = Samples,
        Flags = Flags,
        PreviousHash = previousHash,
    };
}
