namespace Dream.Ledger.State;

public sealed record ParticipantRecord(string Did, ParticipantRole Role, string Name, long RegisteredAtMs, long LogIndex);
