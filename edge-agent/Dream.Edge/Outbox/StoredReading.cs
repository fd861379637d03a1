namespace Dream.Edge.Outbox;

/// <summary>A signed reading in the outbox: the exact envelope bytes that travel, and what identifies it.</summary>
public sealed record StoredReading(long Sequence, string MeterId, string Hash, long EndMs, byte[] Envelope);
