namespace Dream.Market.Transactions;

/// <summary>Ends an auction at its deadline; made by the grid authority's scheduler.</summary>
public sealed record AuctionEndPayload : MarketPayload
{
    public override string Type => PayloadTypes.AuctionEnd;

    public required string Auction { get; init; }

    internal static AuctionEndPayload Read(StrictObject f) => new()
    {
        Auction = f.GetHash("auction"),
        AtMs = f.GetInt64("at"),
    };

    private protected override void WriteFields(Utf8JsonWriter writer) => writer.WriteString("auction", Auction);
}
