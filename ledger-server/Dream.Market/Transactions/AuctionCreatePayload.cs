namespace Dream.Market.Transactions;

/// <summary>
/// The promise's owner puts it up for auction. Signing it also authorizes the automatic settlement: the
/// promise goes to the best bidder at the best bid.
/// </summary>
public sealed record AuctionCreatePayload : MarketPayload
{
    public override string Type => PayloadTypes.AuctionCreate;

    public required string Promise { get; init; }

    public required string Owner { get; init; }

    /// <summary>Minor units; the first bid must be strictly above it.</summary>
    public required long BasePrice { get; init; }

    /// <summary>Unix ms; after <c>at</c>, no later than the delivery window's start.</summary>
    public required long DeadlineMs { get; init; }

    public required long Template { get; init; }

    public required string Contract { get; init; }

    internal static AuctionCreatePayload Read(StrictObject f) => new()
    {
        Promise = f.GetHash("promise"),
        Owner = f.GetDid("owner"),
        BasePrice = f.GetNonNegative("basePrice"),
        DeadlineMs = f.GetNonNegative("deadline"),
        Template = f.GetPositive("template"),
        Contract = f.GetHash("contract"),
        AtMs = f.GetInt64("at"),
    };

    private protected override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("promise", Promise);
        writer.WriteString("owner", Owner);
        writer.WriteNumber("basePrice", BasePrice);
        writer.WriteNumber("deadline", DeadlineMs);
        writer.WriteNumber("template", Template);
        writer.WriteString("contract", Contract);
    }
}
