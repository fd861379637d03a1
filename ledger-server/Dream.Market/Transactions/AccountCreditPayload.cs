using Dream.Contracts.Json;

namespace Dream.Market.Transactions;

/// <summary>The grid authority credits a participant's account against an external payment reference (each reference is used once).</summary>
public sealed record AccountCreditPayload : AccountMovementPayload
{
    public override string Type => PayloadTypes.AccountCredit;

    internal static AccountCreditPayload Read(StrictObject f) => new()
    {
        Account = f.GetDid("account"),
        Amount = f.GetPositive("amount"),
        Currency = Transactions.Currency.Read(f, "currency"),
        Reference = f.GetNonEmptyString("reference", maxLength: 128),
        AtMs = f.GetInt64("at"),
    };
}
