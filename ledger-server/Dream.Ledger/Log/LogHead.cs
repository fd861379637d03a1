using Dream.Transparency.Merkle;

namespace Dream.Ledger.Log;

/// <summary>The committed tree: its size and root hash. Only durable entries count.</summary>
public readonly record struct LogHead(long Size, Sha256Hash Root);
