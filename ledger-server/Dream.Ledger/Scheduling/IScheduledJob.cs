namespace Dream.Ledger.Scheduling;

/// <summary>
/// A scheduled action of the market (end auctions, settle, check delivery). Each run must be idempotent:
/// it derives what is due from the log and appends at most what is missing, so a restart or a repeated
/// tick never does a thing twice.
/// </summary>
public interface IScheduledJob
{
    string Name { get; }

    Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
