namespace Dream.Ledger.Storage;

/// <summary>
/// The refusals of one source (a device, or the topic of input that names none) for one reason: how many
/// there were, how many bodies were kept (and their bytes), when, and the last detail. Kept for every refusal,
/// also when the body is not (the quarantine's byte budget).
/// </summary>
public sealed record QuarantineCount(string Source, string Reason, long Count, long Kept, long KeptBytes, long FirstMs, long LastMs, string LastDetail);
