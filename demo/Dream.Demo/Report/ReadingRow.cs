namespace Dream.Demo.Report;

/// <summary>One logged reading as the ledger serves it: the meter's registers (Wh) at the interval's end.</summary>
internal sealed record ReadingRow(long Seq, long StartMs, long EndMs, long ImportWh, long ExportWh, long LogIndex);
