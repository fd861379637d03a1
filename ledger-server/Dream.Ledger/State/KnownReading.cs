namespace Dream.Ledger.State;

/// <summary>A reading already stored below a chain's tip, as far as the duplicate rule needs it.</summary>
public readonly record struct KnownReading(string Hash, long LogIndex);
