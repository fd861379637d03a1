namespace Dream.Edge.Transport;

/// <summary>
/// The agent's link to the ledger as the agent needs it: publish signed readings and the status, receive the
/// ledger's receipts, say when the link is up or down and why. The agent owns this port; Dream.Mqtt sits behind
/// it (<see cref="MqttTransport.MqttReadingTransport"/>), tests put an in-memory link behind it. Failures reach
/// the agent only as <see cref="TransportException"/> with a <see cref="TransportErrorKind"/>.
/// </summary>
public interface IReadingTransport : IAsyncDisposable
{
    bool IsConnected { get; }

    /// <summary>Raised at every connection, the first one and each reconnect.</summary>
    event EventHandler<TransportConnectedEventArgs>? Connected;

    /// <summary>Raised when the link goes down or an attempt to bring it up fails, with the kind of failure.</summary>
    event EventHandler<TransportDisconnectedEventArgs>? Disconnected;

    /// <summary>
    /// Brings the link up and subscribes to this device's receipts; returns at the first success. Failed attempts
    /// are raised as <see cref="Disconnected"/> and retried with the transport's one reconnect policy, which also
    /// brings a lost link back (without the caller's help) until the transport is closed.
    /// </summary>
    Task ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Receipt payloads addressed to this device, in arrival order, unverified.</summary>
    IAsyncEnumerable<ReadOnlyMemory<byte>> ReceiptsAsync(CancellationToken cancellationToken);

    /// <summary>Publishes one message of signed readings; completes when the broker has taken it, else throws <see cref="TransportException"/>.</summary>
    Task PublishReadingsAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>Publishes the retained status; completes when the broker has taken it, else throws <see cref="TransportException"/>.</summary>
    Task PublishStatusAsync(ReadOnlyMemory<byte> status, CancellationToken cancellationToken);

    /// <summary>Live power, at most once and unacknowledged: lost while the link is down, by design.</summary>
    void PublishLive(ReadOnlyMemory<byte> live);

    /// <summary>Takes the link down on purpose (no reconnect follows); throws <see cref="TransportException"/>.</summary>
    Task CloseAsync(CancellationToken cancellationToken);
}
