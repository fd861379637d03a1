namespace Dream.Market.Transactions;

/// <summary>A bid; signing it authorizes paying <see cref="Amount"/> if it wins. The amount is held until outbid or settled.</summary>
public sealed record BidPayload : MarketPayload
{
    public override string Type => PayloadTypes.Bid;

    public required string Auction { get; init; }

    public required string Bidder { get; init; }

    public required long Amount { get; init; }

    internal static BidPayload Read(StrictObject f) => new()
    {
        Auction = f.GetHash("auction"),
        Bidder = f.GetDid("bidder"),
        Amount = f.GetPositive("amount"),
        AtMs = f.GetInt64("at"),
    };

    private protected override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("auction", Auction);
        writer.WriteString("bidder", Bidder);
        writer.WriteNumber("amount", Amount);
    }
}
