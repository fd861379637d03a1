namespace Dream.Market.Transactions;

/// <summary>
/// A supplier covers its own promise with promises of other suppliers it holds for the same window: the
/// cover goes to the promise's owner and the supplier's deposit returns minus the fee (DREAM 4.3).
/// </summary>
public sealed record PromiseSubstitutePayload : MarketPayload
{
    public const int MaxCover = 16;

    public override string Type => PayloadTypes.PromiseSubstitute;

    public required string Promise { get; init; }

    public required string Supplier { get; init; }

    public required IReadOnlyList<string> Cover { get; init; }

    internal static PromiseSubstitutePayload Read(StrictObject f) => new()
    {
        Promise = f.GetHash("promise"),
        Supplier = f.GetDid("supplier"),
        Cover = f.GetHashArray("cover", 1, MaxCover),
        AtMs = f.GetInt64("at"),
    };

    private protected override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("promise", Promise);
        writer.WriteString("supplier", Supplier);
        writer.WriteArray("cover", Cover);
    }
}
