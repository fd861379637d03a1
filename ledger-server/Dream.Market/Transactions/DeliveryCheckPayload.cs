namespace Dream.Market.Transactions;

/// <summary>
/// The grid authority's check of a promise after its window plus grace. It states what the verified readings
/// say (so replay needs no readings) and validation recomputes it from them.
/// </summary>
public sealed record DeliveryCheckPayload : MarketPayload
{
    public override string Type => PayloadTypes.DeliveryCheck;

    public required string Promise { get; init; }

    /// <summary>The metering point's export inside the window, from its verified readings.</summary>
    public required long MeasuredWh { get; init; }

    /// <summary>Whether readings cover the whole window; missing intervals count as 0 Wh either way.</summary>
    public required bool Complete { get; init; }

    /// <summary>Who receives what the supplier did not deliver: the registry's power company.</summary>
    public required string PowerCompany { get; init; }

    internal static DeliveryCheckPayload Read(StrictObject f) => new()
    {
        Promise = f.GetHash("promise"),
        MeasuredWh = f.GetNonNegative("measuredWh"),
        Complete = f.GetBoolean("complete"),
        PowerCompany = f.GetDid("powerCompany"),
        AtMs = f.GetInt64("at"),
    };

    private protected override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("promise", Promise);
        writer.WriteNumber("measuredWh", MeasuredWh);
        writer.WriteBoolean("complete", Complete);
        writer.WriteString("powerCompany", PowerCompany);
    }
}
