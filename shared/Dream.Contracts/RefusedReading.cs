namespace Dream.Contracts;

/// <summary>
/// A reading of the receipt's device that the ledger refused (in a <c>dream.receipt/2</c>): its sequence
/// number and payload hash, the reason's name (as in the ledger's quarantine and metrics), a short detail,
/// and whether the same reading may be accepted later (<see cref="Retry"/>: e.g. the passport is not approved
/// yet) or never (a broken chain, a register that went back: it needs an operator).
/// </summary>
public sealed record RefusedReading(long Sequence, string Hash, string Reason, string Detail, bool Retry);
