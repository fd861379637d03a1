namespace Dream.Ledger.State;

/// <summary>What the chain rules need to know of one stored reading.</summary>
public readonly record struct ChainLink(
    long Sequence,
    string Hash,
    string PreviousHash,
    long LogIndex,
    long ImportWh,
    long ExportWh,
    long StartMs,
    long EndMs);
