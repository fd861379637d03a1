using Dream.Market;
using Dream.Market.Transactions;

namespace Dream.Ledger.Ingest;

/// <summary>A market transaction logged at <see cref="LogIndex"/>, or refused with the broken rule (<see cref="Violation"/>).</summary>
public sealed record MarketAppendResult(MarketTransaction Transaction, long LogIndex, MarketViolation? Violation)
{
    public bool Accepted => Violation is null;
}
