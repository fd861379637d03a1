namespace Dream.Ledger.Storage;

/// <summary>A passport submitted by <c>dream-agent pair</c>, waiting for the grid authority's decision.</summary>
public sealed record PendingPassport(string Id, string Device, byte[] Envelope, long SubmittedAtMs, string Status);
