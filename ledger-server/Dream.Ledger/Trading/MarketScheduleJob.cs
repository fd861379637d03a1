using Dream.Ledger.Ingest;
using Dream.Ledger.Scheduling;

namespace Dream.Ledger.Trading;

/// <summary>
/// The market's scheduled actions (end auctions, settle, check delivery) as one job of the ledger's one
/// scheduler loop. Idempotent: what is due is a pure function of the replayed state and the time, decided
/// inside the committer, so a restart or a repeated tick never ends, settles or checks anything twice.
/// </summary>
public sealed class MarketScheduleJob(LedgerEngine engine) : IScheduledJob
{
    public string Name => "market";

    /// <summary>Raised after a pass that logged something, with what it logged.</summary>
    public event EventHandler<IReadOnlyList<MarketAppendResult>>? Logged;

    public async Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var logged = await engine.RunMarketDueAsync(now.ToUnixTimeMilliseconds(), cancellationToken);
        if (logged.Count > 0)
        {
            Logged?.Invoke(this, logged);
        }
    }
}
