namespace Dream.Edge.Outbox;

/// <summary>A reading of ours the ledger refused (from a receipt), as the outbox keeps it until a receipt covers it.</summary>
public sealed record StoredRefusal(long Sequence, string Reason, string Detail, bool Retry, long AtMs);
