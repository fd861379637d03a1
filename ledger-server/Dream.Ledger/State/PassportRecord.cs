using Dream.Ledger.Registry;

namespace Dream.Ledger.State;

/// <summary>An approved passport (its countersigned envelope is a log entry) and its revocation, if any.</summary>
public sealed record PassportRecord(SignedPassport Passport, long LogIndex)
{
    public string Id => Passport.Id;

    public PassportRevocation? Revocation { get; set; }

    public long? RevocationLogIndex { get; set; }
}
