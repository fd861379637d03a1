namespace Dream.Ledger.Log;

/// <summary>What a log entry is, by its payload type. Stored beside the entry to index it; always re-derivable.</summary>
public enum EntryKind
{
    Participant = 1,
    Passport = 2,
    PassportRevocation = 3,
    Reading = 4,

    /// <summary>A market transaction (<c>dream.market.*</c>), see docs/market.md.</summary>
    Market = 5,
}
