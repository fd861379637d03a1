namespace Dream.Ledger.State;

/// <summary>The outcome of the ingest rules for one verified reading.</summary>
public readonly record struct ReadingVerdict(ReadingOutcome Outcome, RejectReason Reason, string Detail)
{
    public static ReadingVerdict Accept(bool gap) => new(gap ? ReadingOutcome.AcceptedAfterGap : ReadingOutcome.Accepted, default, string.Empty);

    public static ReadingVerdict Duplicate() => new(ReadingOutcome.Duplicate, default, string.Empty);

    public static ReadingVerdict Reject(RejectReason reason, string detail) => new(ReadingOutcome.Rejected, reason, detail);

    public bool IsAccepted => Outcome is ReadingOutcome.Accepted or ReadingOutcome.AcceptedAfterGap;
}
