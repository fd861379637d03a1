namespace Dream.Ledger.Storage;

/// <summary>How many rows the store holds, for an audit to compare with what the entries give.</summary>
public sealed record StoreCounts(long Entries, long Readings, long Nodes, long Checkpoints);
