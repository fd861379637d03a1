namespace Dream.Ledger.Ingest;

/// <summary>A signed receipt to publish (QoS 1) once its readings are durable, on <paramref name="Broker"/>: the one the device's latest message came from.</summary>
public sealed record OutgoingReceipt(string Device, string Topic, byte[] Envelope, long ThroughSequence, int Broker = 0);
