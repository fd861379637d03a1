using Dream.Ledger.State;
using Dream.Transparency.Merkle;

namespace Dream.Ledger.Ingest;

/// <summary>One envelope of a message after the parallel stage: a verified reading, or why it was refused.</summary>
/// <remarks>For a verified reading, <see cref="Data"/> is the entry bytes and <see cref="LeafHash"/> their leaf hash, computed on the worker.</remarks>
internal sealed record VerifiedEnvelope(SignedReading? Reading, RejectReason Reason, string Detail, byte[] Data, string? Device, long? Sequence, Sha256Hash LeafHash = default);
