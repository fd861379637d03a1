namespace Dream.Ledger.Trading;

/// <summary>What the delivery check needs of one logged reading: its interval, its export delta, its flags and where it is in the log.</summary>
public readonly record struct ExportSlice(long Sequence, long StartMs, long EndMs, long DeltaExportWh, ReadingQuality Flags, long LogIndex);
