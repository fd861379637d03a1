namespace Dream.Ledger.Trading;

/// <summary>One settlement: the winner paid the owner; <see cref="ByWinner"/> when buyer and seller signed it too.</summary>
public sealed record SettlementRecord(string Auction, string Promise, string Buyer, string Seller, long Price, long AtMs, long LogIndex, bool ByWinner);
