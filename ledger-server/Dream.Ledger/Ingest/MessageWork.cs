namespace Dream.Ledger.Ingest;

/// <summary>An MQTT readings message; its verification runs on a worker and completes <see cref="Verified"/>.</summary>
internal sealed class MessageWork(string topic, ReadOnlyMemory<byte> payload, long receivedAtMs, int broker) : WorkItem
{
    public string Topic { get; } = topic;

    public ReadOnlyMemory<byte> Payload { get; } = payload;

    public long ReceivedAtMs { get; } = receivedAtMs;

    /// <summary>Which of the ledger's brokers it came from: the device's receipt goes back there.</summary>
    public int Broker { get; } = broker;

    public TaskCompletionSource<IReadOnlyList<VerifiedEnvelope>> Verified { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
