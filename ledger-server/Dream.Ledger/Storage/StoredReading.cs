namespace Dream.Ledger.Storage;

/// <summary>The index row of a logged reading (the content is the log entry at <see cref="LogIndex"/>).</summary>
public sealed record StoredReading(string Device, long Sequence, long LogIndex, string Hash, string PreviousHash, long StartMs, long EndMs, long ImportWh, long ExportWh);
