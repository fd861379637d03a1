namespace Dream.Ledger.Trading;

/// <summary>One accepted bid, as logged.</summary>
public sealed record BidRecord(string Auction, string Bidder, long Amount, long AtMs, long LogIndex);
