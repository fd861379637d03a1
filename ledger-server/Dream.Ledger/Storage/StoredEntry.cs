using Dream.Ledger.Log;
using Dream.Transparency.Merkle;

namespace Dream.Ledger.Storage;

/// <summary>One log entry: its index, its kind, the exact entry bytes and their RFC 6962 leaf hash.</summary>
public sealed record StoredEntry(long Index, EntryKind Kind, byte[] Data, Sha256Hash LeafHash, string? Device, long Sequence);
