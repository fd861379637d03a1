using Dream.Transparency.Merkle;

namespace Dream.Ledger.Storage;

/// <summary>A checkpoint the grid authority signed: the C2SP signed note and what it commits to.</summary>
public sealed record StoredCheckpoint(long Size, Sha256Hash Root, string Note, long SignedAtMs);
