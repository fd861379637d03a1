using Dream.Contracts;
using Dream.Ledger.State;

namespace Dream.Ledger.Ingest;

/// <summary>One envelope of a message after the parallel stage: a verified reading, or why it was refused.</summary>
internal sealed record VerifiedEnvelope(SignedReading? Reading, RejectReason Reason, string Detail, byte[] Data, string? Device, long? Sequence);
