namespace Dream.Ledger.Ingest;

/// <summary>
/// Why the committer cannot commit now: the store's failure (<see cref="Storage.StoreFaultCauses"/>), since
/// when, how many commits of the same batch failed, and how long until the next attempt.
/// </summary>
public sealed record StoreFault(string Cause, string Message, DateTimeOffset Since, int FailedAttempts, TimeSpan RetryIn);
