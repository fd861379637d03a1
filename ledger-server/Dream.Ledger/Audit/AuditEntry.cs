using Dream.Transparency.Merkle;

namespace Dream.Ledger.Audit;

/// <summary>One entry as an auditor receives it; <see cref="Data"/> is null when the source withholds the content.</summary>
public sealed record AuditEntry(long Index, Sha256Hash LeafHash, byte[]? Data);
