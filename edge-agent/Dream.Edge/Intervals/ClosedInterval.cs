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
}
