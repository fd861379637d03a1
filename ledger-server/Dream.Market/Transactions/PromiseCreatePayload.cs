namespace Dream.Market.Transactions;

/// <summary>
/// A power promise: the supplier will export <see cref="AmountWh"/> through its metering point inside the
/// window. Signed by the supplier, countersigned by the grid authority. Its id is the hex SHA-256 of the payload.
/// </summary>
public sealed record PromiseCreatePayload : MarketPayload
{
    public override string Type => PayloadTypes.PromiseCreate;

    public required string Supplier { get; init; }

    /// <summary>The passport id of the supplier's metering point.</summary>
    public required string Passport { get; init; }

    public required long AmountWh { get; init; }

    public required long StartMs { get; init; }

    public required long EndMs { get; init; }

    /// <summary>The tariff version the deposit is computed from: the current one.</summary>
    public required long Tariff { get; init; }

    /// <summary>Minor units moved into escrow: ⌈amountWh × penaltyPerKwh / 1000⌉.</summary>
    public required long Deposit { get; init; }

    /// <summary>The promise contract template's version.</summary>
    public required long Template { get; init; }

    /// <summary>Hex SHA-256 of the contract text rendered from the template and this payload's parameters.</summary>
    public required string Contract { get; init; }

    internal static PromiseCreatePayload Read(StrictObject f) => new()
    {
        Supplier = f.GetDid("supplier"),
        Passport = f.GetHash("passport"),
        AmountWh = f.GetPositive("amountWh"),
        StartMs = f.GetNonNegative("start"),
        EndMs = f.GetNonNegative("end"),
        Tariff = f.GetPositive("tariff"),
        Deposit = f.GetNonNegative("deposit"),
        Template = f.GetPositive("template"),
        Contract = f.GetHash("contract"),
        AtMs = f.GetInt64("at"),
    };

    private protected override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("supplier", Supplier);
        writer.WriteString("passport", Passport);
        writer.WriteNumber("amountWh", AmountWh);
        writer.WriteNumber("start", StartMs);
        writer.WriteNumber("end", EndMs);
        writer.WriteNumber("tariff", Tariff);
        writer.WriteNumber("deposit", Deposit);
        writer.WriteNumber("template", Template);
        writer.WriteString("contract", Contract);
    }
}
