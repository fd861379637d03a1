using Dream.Market.Transactions;

namespace Dream.Ledger.Trading;

/// <summary>The logged transaction that created a promise or an auction (its id is the transaction's id).</summary>
public sealed record CreationRecord(MarketTransaction Transaction, long LogIndex);
