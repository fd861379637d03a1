using System.Diagnostics.CodeAnalysis;

namespace Dream.Market.Transactions;

/// <summary>
/// Money the grid authority moves into or out of a participant's account against an external payment
/// reference (each reference is used once, across credits and debits). Credit and debit share these fields.
/// </summary>
public abstract record AccountMovementPayload : MarketPayload
{
    private protected AccountMovementPayload()
    {
    }

    /// <summary>Reads the fields credit and debit share: they are spelled alike and differ only in their type.</summary>
    [SetsRequiredMembers]
    private protected AccountMovementPayload(StrictObject f)
    {
        ArgumentNullException.ThrowIfNull(f);
        Account = f.GetDid("account");
        Amount = f.GetPositive("amount");
        Currency = Transactions.Currency.Read(f, "currency");
        Reference = f.GetNonEmptyString("reference", maxLength: 128);
        AtMs = f.GetInt64("at");
    }

    public required string Account { get; init; }

    /// <summary>Minor units, positive.</summary>
    public required long Amount { get; init; }

    public required string Currency { get; init; }

    /// <summary>The external payment's reference (bank transfer id, payout id): unique across credits and debits.</summary>
    public required string Reference { get; init; }

    private protected override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("account", Account);
        writer.WriteNumber("amount", Amount);
        writer.WriteString("currency", Currency);
        writer.WriteString("reference", Reference);
    }
}
