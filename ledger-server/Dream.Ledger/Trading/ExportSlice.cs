namespace Dream.Ledger.Trading;

/// <summary>What the delivery check needs of one logged reading: its interval, its export delta and where it is in the log.</summary>
public readonly record struct ExportSlice(long StartMs, long EndMs, long DeltaExportWh, long LogIndex);
