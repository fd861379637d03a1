using Dream.Market.Transactions;

namespace Dream.Ledger.Ingest;

/// <summary>
/// One scheduler pass at <see cref="NowMs"/>: the committer itself lists what is due, signs the grid
/// authority's transactions and appends them, so that nothing can slip in between deciding and logging.
/// </summary>
internal sealed class MarketDueWork(long nowMs) : WorkItem
{
    public long NowMs { get; } = nowMs;

    public List<(MarketTransaction Transaction, long Index)> Applied { get; } = [];

    public TaskCompletionSource<IReadOnlyList<MarketAppendResult>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
