namespace Dream.Market.State;

/// <summary>An auction of one promise.</summary>
/// <remarks>Its terms are fixed when it opens; the rest changes only through the market's rules (internal setters).</remarks>
public sealed class Auction(string id, string promiseId, string seller, long basePrice, long deadlineMs, string contract)
{
    public string Id { get; } = id;

    public string PromiseId { get; } = promiseId;

    public string Seller { get; } = seller;

    public long BasePrice { get; } = basePrice;

    public long DeadlineMs { get; } = deadlineMs;

    public string Contract { get; } = contract;

    public AuctionStatus Status { get; internal set; }

    /// <summary>The best bidder so far; after the end, the winner (null: no bids).</summary>
    public string? BestBidder { get; internal set; }

    public long BestBid { get; internal set; }

    public int BidCount { get; internal set; }
}
