namespace Dream.Demo.Report;

/// <summary>One logged reading as the ledger serves it: the meter's registers (Wh) at the interval's end.</summary>
internal sealed record ReadingRow(long Seq, long StartMs, long EndMs, long ImportWh, long ExportWh, long LogIndex)
{
    /// <summary>The read of the simulated meter whose counters are nearest this reading's registers: when (in simulated
    /// time) the agent's boundary sample was served. Null when the meter's read log has none.</summary>
    public MeterRead? Served { get; init; }
}
