namespace Dream.Market.Transactions;

/// <summary>The owner merges promises of one supplier, metering point and window into one.</summary>
public sealed record PromiseMergePayload : MarketPayload
{
    public const int MaxPromises = 16;

    public override string Type => PayloadTypes.PromiseMerge;

    public required string Owner { get; init; }

    public required IReadOnlyList<string> Promises { get; init; }

    internal static PromiseMergePayload Read(StrictObject f) => new()
    {
        Owner = f.GetDid("owner"),
        Promises = f.GetHashArray("promises", 2, MaxPromises),
        AtMs = f.GetInt64("at"),
    };

    private protected override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("owner", Owner);
        writer.WriteArray("promises", Promises);
    }
}
