namespace Dream.Edge.Publishing;

/// <summary>Readings handed to the broker in one message: why (<see cref="PublishKind"/>), which, and when by the agent's clock.</summary>
public sealed record PublishedBatch(PublishKind Kind, long First, long Last, int Count, DateTimeOffset At);
