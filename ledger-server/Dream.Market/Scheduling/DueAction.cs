namespace Dream.Market.Scheduling;

/// <summary>One scheduled action: its kind, the auction or promise it concerns, and since when it is due.</summary>
public sealed record DueAction(DueActionKind Kind, string TargetId, long DueAtMs);
