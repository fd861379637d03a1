using System.Diagnostics.CodeAnalysis;

namespace Dream.Market.Transactions;

/// <summary>The grid authority credits a participant's account against an external payment reference (each reference is used once).</summary>
public sealed record AccountCreditPayload : AccountMovementPayload
{
    public AccountCreditPayload()
    {
    }

    [SetsRequiredMembers]
    private AccountCreditPayload(StrictObject f)
        : base(f)
    {
    }

    public override string Type => PayloadTypes.AccountCredit;

    internal static AccountCreditPayload Read(StrictObject f) => new(f);
}
