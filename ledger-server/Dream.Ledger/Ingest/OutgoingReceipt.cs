namespace Dream.Ledger.Ingest;

/// <summary>A signed receipt to publish (QoS 1) once its readings are durable.</summary>
public sealed record OutgoingReceipt(string Device, string Topic, byte[] Envelope, long ThroughSequence);
