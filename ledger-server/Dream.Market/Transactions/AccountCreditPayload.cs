using System.Text.Json;
using Dream.Market.Json;

namespace Dream.Market.Transactions;

/// <summary>The grid authority credits a participant's account against an external payment reference (each reference is used once).</summary>
public sealed record AccountCreditPayload : MarketPayload
{
    public override string Type => PayloadTypes.AccountCredit;

    public required string Account { get; init; }

    /// <summary>Minor units, positive.</summary>
    public required long Amount { get; init; }

    public required string Currency { get; init; }

    /// <summary>The external payment's reference (bank transfer id, payout id): unique across credits and debits.</summary>
    public required string Reference { get; init; }

    internal static AccountCreditPayload Read(StrictFields f) => new()
    {
        Account = f.GetDid("account"),
        Amount = f.GetPositive("amount"),
        Currency = Transactions.Currency.Read(f, "currency"),
        Reference = f.GetNonEmptyString("reference", maxLength: 128),
        AtMs = f.GetInt64("at"),
    };

    private protected override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("account", Account);
        writer.WriteNumber("amount", Amount);
        writer.WriteString("currency", Currency);
        writer.WriteString("reference", Reference);
    }
}
