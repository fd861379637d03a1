namespace Dream.Edge.Service;

/// <summary>A reading the ledger refused, as <c>dream-agent status</c> shows it.</summary>
public sealed record RefusalStatus(long Sequence, string Reason, string Detail, bool Retry, long AtMs);
