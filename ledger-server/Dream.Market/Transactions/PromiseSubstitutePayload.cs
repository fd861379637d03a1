namespace Dream.Market.Transactions;

/// <summary>
/// A supplier covers its own promise with promises of other suppliers it holds for the same window: the
/// cover goes to the promise's owner and the supplier's deposit returns minus the fee (DREAM 4.3).
/// <c>promise-substitute/2</c> is accepted only before the promise's window starts; <c>promise-substitute/1</c>
/// had no deadline, so its entries replay by the rule they were accepted under and new ones are refused.
/// </summary>
public sealed record PromiseSubstitutePayload : MarketPayload
{
    public const int MaxCover = 16;

    /// <summary>The type version new substitutions are signed in.</summary>
    public const int LatestTypeVersion = 2;

    public override string Type => TypeVersion switch
    {
        1 => PayloadTypes.PromiseSubstitute,
        2 => PayloadTypes.PromiseSubstitute2,
        _ => throw new InvalidOperationException($"A substitution's type version is 1 or 2, not {TypeVersion}."),
    };

    public required string Promise { get; init; }

    public required string Supplier { get; init; }

    public required IReadOnlyList<string> Cover { get; init; }

    /// <summary>1: no deadline (only replayed); 2: before the delivery window starts. The fields are the same.</summary>
    public int TypeVersion { get; init; } = LatestTypeVersion;

    internal static PromiseSubstitutePayload Read(StrictObject f, int typeVersion) => new()
    {
        Promise = f.GetHash("promise"),
        Supplier = f.GetDid("supplier"),
        Cover = f.GetHashArray("cover", 1, MaxCover),
        TypeVersion = typeVersion,
        AtMs = f.GetInt64("at"),
    };

    private protected override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("promise", Promise);
        writer.WriteString("supplier", Supplier);
        writer.WriteArray("cover", Cover);
    }
}
