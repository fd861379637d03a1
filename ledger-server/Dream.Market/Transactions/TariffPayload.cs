namespace Dream.Market.Transactions;

/// <summary>The grid authority's published tariff. A new version applies only to what is created after it.</summary>
public sealed record TariffPayload : MarketPayload
{
    public override string Type => PayloadTypes.Tariff;

    /// <summary>1 for the first tariff, then one more each time.</summary>
    public required long Version { get; init; }

    /// <summary>The market's ISO 4217 currency; it never changes once set.</summary>
    public required string Currency { get; init; }

    /// <summary>Minor units per kWh the power company charges for emergency supply: the penalty deposit's rate.</summary>
    public required long PenaltyPerKwh { get; init; }

    /// <summary>Minor units per kWh kept by the grid authority from every deposit, kept or broken.</summary>
    public required long GridFeePerKwh { get; init; }

    public required long MinWh { get; init; }

    public required long MaxWh { get; init; }

    /// <summary>How long after a window ends late readings are awaited before delivery is checked.</summary>
    public required long GraceMs { get; init; }

    internal static TariffPayload Read(StrictObject f)
    {
        var payload = new TariffPayload
        {
            Version = f.GetPositive("version"),
            Currency = Transactions.Currency.Read(f, "currency"),
            PenaltyPerKwh = f.GetNonNegative("penaltyPerKwh"),
            GridFeePerKwh = f.GetNonNegative("gridFeePerKwh"),
            MinWh = f.GetPositive("minWh"),
            MaxWh = f.GetPositive("maxWh"),
            GraceMs = f.GetNonNegative("graceMs"),
            AtMs = f.GetInt64("at"),
        };
        if (payload.MinWh > payload.MaxWh)
        {
            throw new MarketException(MarketError.InvalidValue, $"{f.Path("minWh")} ({payload.MinWh}) exceeds maxWh ({payload.MaxWh}).");
        }

        if (payload.GridFeePerKwh > payload.PenaltyPerKwh)
        {
            throw new MarketException(MarketError.InvalidValue, $"{f.Path("gridFeePerKwh")} ({payload.GridFeePerKwh}) exceeds penaltyPerKwh ({payload.PenaltyPerKwh}): the fee is taken from the deposit.");
        }

        return payload;
    }

    private protected override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteNumber("version", Version);
        writer.WriteString("currency", Currency);
        writer.WriteNumber("penaltyPerKwh", PenaltyPerKwh);
        writer.WriteNumber("gridFeePerKwh", GridFeePerKwh);
        writer.WriteNumber("minWh", MinWh);
        writer.WriteNumber("maxWh", MaxWh);
        writer.WriteNumber("graceMs", GraceMs);
    }
}
