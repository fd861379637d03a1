using System.Diagnostics.CodeAnalysis;

namespace Dream.Market.Transactions;

/// <summary>The grid authority debits a participant's account against an external payment reference (each reference is used once).</summary>
public sealed record AccountDebitPayload : AccountMovementPayload
{
    public AccountDebitPayload()
    {
    }

    [SetsRequiredMembers]
    private AccountDebitPayload(StrictObject f)
        : base(f)
    {
    }

    public override string Type => PayloadTypes.AccountDebit;

    internal static AccountDebitPayload Read(StrictObject f) => new(f);
}
