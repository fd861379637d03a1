namespace Dream.Market.Transactions;

/// <summary>
/// Settles an auction: the buyer's held bid goes to the seller and the promise to the buyer. Signed by
/// buyer, seller and grid authority (the parties settle, before the deadline if the seller accepts the best
/// bid early), or by the grid authority alone (automatic, authorized by the seller's signed auction and the
/// buyer's signed bid already in the log). <c>settle/2</c> adds <see cref="ValidUntilMs"/>: the first signer's
/// <c>at</c> and a window, at most <see cref="MaxValidityMs"/>, in which the other party may countersign.
/// </summary>
public sealed record SettlePayload : MarketPayload
{
    /// <summary>The longest validity window a first signer may give: 24 h.</summary>
    public const long MaxValidityMs = 24 * 3_600_000L;

    public override string Type => ValidUntilMs is null ? PayloadTypes.Settle : PayloadTypes.Settle2;

    public required string Auction { get; init; }

    public required string Promise { get; init; }

    public required string Buyer { get; init; }

    public required string Seller { get; init; }

    public required long Price { get; init; }

    /// <summary>
    /// <c>settle/2</c> only: the last Unix ms at which the ledger admits the settlement, after <c>at</c> and at most
    /// <see cref="MaxValidityMs"/> after it. Null for <c>settle/1</c>, which the ledger admits only within its clock
    /// skew of <c>at</c>.
    /// </summary>
    public long? ValidUntilMs { get; init; }

    internal static SettlePayload Read(StrictObject f, bool withValidity)
    {
        var payload = new SettlePayload
        {
            Auction = f.GetHash("auction"),
            Promise = f.GetHash("promise"),
            Buyer = f.GetDid("buyer"),
            Seller = f.GetDid("seller"),
            Price = f.GetPositive("price"),
            ValidUntilMs = withValidity ? f.GetNonNegative("validUntil") : null,
            AtMs = f.GetInt64("at"),
        };
        if (payload.ValidUntilMs is { } until && (until <= payload.AtMs || (Int128)until - payload.AtMs > MaxValidityMs))
        {
            throw new MarketException(MarketError.InvalidValue, $"{f.Path("validUntil")} ({until}) must be after at ({payload.AtMs}) and at most {MaxValidityMs} ms (24 h) after it.");
        }

        return payload;
    }

    private protected override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("auction", Auction);
        writer.WriteString("promise", Promise);
        writer.WriteString("buyer", Buyer);
        writer.WriteString("seller", Seller);
        writer.WriteNumber("price", Price);
        if (ValidUntilMs is { } until)
        {
            writer.WriteNumber("validUntil", until);
        }
    }
}
