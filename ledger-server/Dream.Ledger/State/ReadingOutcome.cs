namespace Dream.Ledger.State;

public enum ReadingOutcome
{
    Accepted,

    /// <summary>Stored, but the previous sequence number is missing: a gap is recorded until it is filled.</summary>
    AcceptedAfterGap,

    /// <summary>Exactly the reading already stored under its sequence number: stored once, receipted again.</summary>
    Duplicate,

    Rejected,
}
