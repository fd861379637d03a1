namespace Dream.Market.State;

/// <summary>An auction of one promise.</summary>
public sealed class Auction
{
    internal Auction(string id, string promiseId, string seller, long basePrice, long deadlineMs, string contract)
    {
        Id = id;
        PromiseId = promiseId;
        Seller = seller;
        BasePrice = basePrice;
        DeadlineMs = deadlineMs;
        Contract = contract;
    }

    public string Id { get; }

    public string PromiseId { get; }

    public string Seller { get; }

    public long BasePrice { get; }

    public long DeadlineMs { get; }

    public string Contract { get; }

    public AuctionStatus Status { get; internal set; }

    /// <summary>The best bidder so far; after the end, the winner (null: no bids).</summary>
    public string? BestBidder { get; internal set; }

    public long BestBid { get; internal set; }

    public int BidCount { get; internal set; }
}
