namespace Dream.Ledger.Ingest;

/// <summary>A registry transaction from the admin API; completes with its log index once durable.</summary>
internal sealed class RegistryWork(SignedEnvelope envelope, string? pendingPassportId) : WorkItem
{
    public SignedEnvelope Envelope { get; } = envelope;

    public string? PendingPassportId { get; } = pendingPassportId;

    public TaskCompletionSource<long> Appended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
