namespace Dream.Ledger.State;

/// <summary>What the chain rules need to know of one stored reading (the deltas, to check it from below once a gap under it is filled).</summary>
public readonly record struct ChainLink(
    long Sequence,
    string Hash,
    string PreviousHash,
    long LogIndex,
    string Passport,
    long ImportWh,
    long ExportWh,
    long DeltaImportWh,
    long DeltaExportWh,
    long StartMs,
    long EndMs);
