using System.Runtime.CompilerServices;
using Dream.Edge.Transport;

namespace Dream.Edge.Tests.Fixtures;

/// <summary>
/// An <see cref="IReadingTransport"/> in memory for the agent's unit tests: a broker that can vanish and return
/// and that can refuse the device's credentials. What is published is readable from <see cref="Published"/>;
/// <see cref="DeliverReceipt"/> plays the ledger. Held to the same contract as the MQTT transport.
/// </summary>
public sealed class InMemoryReadingTransport : IReadingTransport
{
    private readonly Lock _gate = new();
    private readonly Channel<ReadOnlyMemory<byte>> _receipts = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();
    private readonly Channel<ReadOnlyMemory<byte>> _published = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();
    private TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _brokerUp = true;
    private bool _connected;
    private bool _everConnected;
    private bool _closed;

    public InMemoryReadingTransport(bool authorized = true)
    {
        Authorized = authorized;
    }

    public event EventHandler<TransportConnectedEventArgs>? Connected;

    public event EventHandler<TransportDisconnectedEventArgs>? Disconnected;

    public bool Authorized { get; }

    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _connected;
            }
        }
    }

    /// <summary>Readings and status messages, in the order the broker took them.</summary>
    public ChannelReader<ReadOnlyMemory<byte>> Published => _published.Reader;

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_brokerUp && Authorized)
                {
                    break;
                }

                wait = _up.Task;
            }

            Disconnected?.Invoke(this, new TransportDisconnectedEventArgs(Authorized ? TransportErrorKind.Unreachable : TransportErrorKind.NotAuthorized, Authorized ? "no broker" : "bad credentials", TimeSpan.Zero));
            await (Authorized ? wait : Task.Delay(Timeout.Infinite, cancellationToken)).WaitAsync(cancellationToken);
        }

        Up();
    }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReceiptsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var receipt in _receipts.Reader.ReadAllAsync(cancellationToken))
        {
            yield return receipt;
        }
    }

    /// <summary>The ledger sends a receipt: it arrives while connected, and is lost (as at QoS 1 without a session) while not.</summary>
    public bool DeliverReceipt(ReadOnlyMemory<byte> receipt) => IsConnected && _receipts.Writer.TryWrite(receipt);

    public Task PublishReadingsAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) => PublishAsync(message, cancellationToken);

    public Task PublishStatusAsync(ReadOnlyMemory<byte> status, CancellationToken cancellationToken) => PublishAsync(status, cancellationToken);

    public void PublishLive(ReadOnlyMemory<byte> live)
    {
    }

    public Task CloseAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _closed = true;
            _connected = false;
        }

        return Task.CompletedTask;
    }

    /// <summary>The broker goes away: the link is closed, and comes back by itself at <see cref="BrokerReturns"/>.</summary>
    public void BrokerVanishes()
    {
        lock (_gate)
        {
            _brokerUp = false;
            _connected = false;
        }

        Disconnected?.Invoke(this, new TransportDisconnectedEventArgs(TransportErrorKind.Closed, "the broker went away", TimeSpan.Zero));
    }

    public void BrokerReturns()
    {
        bool reconnect;
        TaskCompletionSource up;
        lock (_gate)
        {
            _brokerUp = true;
            reconnect = _everConnected && !_closed;
            up = _up;
            _up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        up.TrySetResult();
        if (reconnect)
        {
            Up();
        }
    }

    public ValueTask DisposeAsync()
    {
        _receipts.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    private void Up()
    {
        bool isReconnect;
        lock (_gate)
        {
            isReconnect = _everConnected;
            _everConnected = true;
            _connected = true;
        }

        Connected?.Invoke(this, new TransportConnectedEventArgs(isReconnect));
    }

    /// <summary>Like a QoS 1 publish: waits while the link is down, then the broker takes it.</summary>
    private async Task PublishAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_closed)
                {
                    throw new TransportException(TransportErrorKind.Closed, "the transport is closed");
                }

                if (_connected)
                {
                    _published.Writer.TryWrite(message.ToArray());
                    return;
                }

                wait = _up.Task;
            }

            await wait.WaitAsync(cancellationToken);
        }
    }
}
