namespace Dream.Ledger.Storage;

/// <summary>A refused message or reading, kept with its reason as evidence; never part of the log.</summary>
public sealed record QuarantineRecord(long Id, long ReceivedAtMs, string Topic, string? Device, long? Sequence, string Reason, string Detail, byte[] Data);
