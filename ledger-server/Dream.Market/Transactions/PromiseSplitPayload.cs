namespace Dream.Market.Transactions;

/// <summary>The owner splits an unexpired promise into parts that sum exactly to it (DREAM 4.3, fungibility).</summary>
public sealed record PromiseSplitPayload : MarketPayload
{
    public const int MaxParts = 16;

    public override string Type => PayloadTypes.PromiseSplit;

    public required string Promise { get; init; }

    public required string Owner { get; init; }

    /// <summary>The parts' amounts in Wh, in order; part i's id is derived from the transaction id and i.</summary>
    public required IReadOnlyList<long> Parts { get; init; }

    internal static PromiseSplitPayload Read(StrictObject f) => new()
    {
        Promise = f.GetHash("promise"),
        Owner = f.GetDid("owner"),
        Parts = f.GetPositiveArray("parts", 2, MaxParts),
        AtMs = f.GetInt64("at"),
    };

    private protected override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("promise", Promise);
        writer.WriteString("owner", Owner);
        writer.WriteArray("parts", Parts);
    }
}
