using Dream.Market.Transactions;

namespace Dream.Ledger.Ingest;

/// <summary>A participant's market transaction (signatures verified); completes once durable, or refused with the rule it broke.</summary>
internal sealed class MarketWork(MarketTransaction transaction) : WorkItem
{
    public MarketTransaction Transaction { get; } = transaction;

    public TaskCompletionSource<MarketAppendResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
