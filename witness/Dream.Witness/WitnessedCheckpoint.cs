namespace Dream.Witness;

/// <summary>The latest checkpoint the witness cosigned for one log: the only state it needs to refuse a fork.</summary>
public sealed record WitnessedCheckpoint(string Origin, long Size, Sha256Hash Root, string Note, long CosignedAtMs);
