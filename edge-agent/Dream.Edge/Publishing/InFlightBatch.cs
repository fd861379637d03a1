namespace Dream.Edge.Publishing;

/// <summary>A batch of readings awaiting the broker's acknowledgement: from the cursor (<see cref="Forward"/>) or a resend.</summary>
internal sealed record InFlightBatch(Task Publish, long First, long Last, long Remaining, bool Forward);
