namespace Dream.Market.State;

/// <summary>An auction's life: open for bids, ended at its deadline, settled when the winner paid.</summary>
public enum AuctionStatus
{
    Open,
    Ended,
    Settled,
}
