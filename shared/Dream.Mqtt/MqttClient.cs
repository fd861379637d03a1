using System.Threading.Channels;
using Dream.Mqtt.Packets;
using Dream.Mqtt.Transport;

namespace Dream.Mqtt;

/// <summary>
/// An MQTT 5 client. Connect once with <see cref="ConnectAsync"/>; after that the client reconnects by
/// itself when the connection is lost, until <see cref="DisconnectAsync"/> or disposal. Thread-safe: many
/// publishes may be in flight at once, up to the server's receive maximum.
/// </summary>
public sealed partial class MqttClient : IAsyncDisposable
{
    private readonly MqttClientOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<MqttMessage> _messages;
    private readonly Lock _gate = new();
    private readonly Dictionary<ushort, InFlightPublish> _inFlight = [];
    private readonly Dictionary<ushort, TaskCompletionSource<MqttPacket>> _requests = [];
    private readonly HashSet<ushort> _incomingExactlyOnce = [];
    private readonly List<MqttSubscription> _subscriptions = [];
    private readonly Queue<InFlightPublish> _waitingToSend = new();
    private int _sendSlots = ushort.MaxValue;
    private MqttConnection? _connection;
    private TaskCompletionSource _connectedSignal = NewSignal();
    private ClientState _state;
    private ushort _lastPacketId;
    private long _sequence;
    private string _clientId;
    private int _serverMaximumPacketSize = MqttPacketEncoder.AbsoluteMaximumPacketSize;
    private MqttQualityOfService _serverMaximumQoS = MqttQualityOfService.ExactlyOnce;
    private CancellationTokenSource _lifetime = new();
    private Task _reconnectLoop = Task.CompletedTask;

    public MqttClient(MqttClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MessageBufferCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfZero(options.ReceiveMaximum);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaximumPacketSize, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaximumPacketSize, VariableByteInteger.MaxValue + 5);
        _options = options;
        _time = options.TimeProvider;
        _clientId = options.ClientId;
        _messages = Channel.CreateBounded<MqttMessage>(new BoundedChannelOptions(options.MessageBufferCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
    }

    private enum ClientState
    {
        Idle,
        Connecting,
        Connected,
        Reconnecting,
        Disposed,
    }

    /// <summary>Raised after every successful CONNACK, first connection and reconnections alike.</summary>
    public event EventHandler<MqttConnectedEventArgs>? Connected;

    /// <summary>Raised when a connection ends, with the reason; <c>WillReconnect</c> says what happens next.</summary>
    public event EventHandler<MqttDisconnectedEventArgs>? Disconnected;

    /// <summary>Raised before each reconnect attempt.</summary>
    public event EventHandler<MqttReconnectingEventArgs>? Reconnecting;

    /// <summary>
    /// Incoming messages of every subscription. Bounded: when the application does not read, the client
    /// stops reading the socket and the broker holds the rest (QoS 1 and 2 are acknowledged once buffered here).
    /// </summary>
    public ChannelReader<MqttMessage> Messages => _messages.Reader;

    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _connection is not null;
            }
        }
    }

    /// <summary>
    /// Connects and waits for the CONNACK. Throws <see cref="MqttConnectException"/> when the server refuses
    /// or cannot be reached; this first attempt is not retried (reconnects after a loss are).
    /// </summary>
    public async Task<MqttConnectResult> ConnectAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_state == ClientState.Disposed, this);
            if (_state != ClientState.Idle)
            {
                throw new InvalidOperationException($"The client is already {_state.ToString().ToLowerInvariant()}.");
            }

            _state = ClientState.Connecting;
            _lifetime = new CancellationTokenSource();
        }

        try
        {
            var (connection, connAck) = await EstablishAsync(_options.CleanStart, cancellationToken);
            return Activate(connection, connAck, isReconnect: false);
        }
        catch
        {
            List<InFlightPublish> waiting = [];
            TaskCompletionSource? signal = null;
            lock (_gate)
            {
                if (_state == ClientState.Connecting)
                {
                    _state = ClientState.Idle;
                    waiting = TakeAllPublishesLocked();
                    signal = _connectedSignal;
                    _connectedSignal = NewSignal();
                }
            }

            FailUnacknowledged(waiting, "The connection could not be established.");
            signal?.TrySetException(new InvalidOperationException("The connection could not be established."));
            throw;
        }
    }

    public Task<MqttPublishResult> PublishAsync(
        string topic,
        ReadOnlyMemory<byte> payload,
        MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce,
        bool retain = false,
        CancellationToken cancellationToken = default) =>
        PublishAsync(new MqttMessage { Topic = topic, Payload = payload, QoS = qos, Retain = retain }, cancellationToken);

    /// <summary>
    /// Publishes a message. QoS 0 completes once queued for the socket. QoS 1 completes with the PUBACK's
    /// reason code (and QoS 2 with the PUBREC's, after PUBCOMP); a refusal such as NotAuthorized is a result,
    /// not an exception. Throws <see cref="MqttNotAcknowledgedException"/> when the acknowledgement can never
    /// come (connection lost and session not resumed, or the client was disconnected). While the client is
    /// reconnecting, the call waits for the connection.
    /// </summary>
    public async Task<MqttPublishResult> PublishAsync(MqttMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        MqttTopic.ValidateTopicName(message.Topic, aliasPresent: false);
        if (message.QoS > MqttQualityOfService.ExactlyOnce)
        {
            throw new ArgumentOutOfRangeException(nameof(message), message.QoS, "QoS must be 0, 1 or 2.");
        }

        if (message.QoS == MqttQualityOfService.AtMostOnce)
        {
            var connection = await WaitForConnectionAsync(cancellationToken);
            var bytes = MqttPacketEncoder.Encode(ToPacket(message, 0), Volatile.Read(ref _serverMaximumPacketSize));
            connection.TrySend(bytes);
            return new MqttPublishResult(MqttReasonCode.Success);
        }

        InFlightPublish entry;
        lock (_gate)
        {
            ThrowIfNotStartedLocked();
            if (message.QoS > _serverMaximumQoS)
            {
                throw new MqttProtocolException($"The server accepts QoS {(int)_serverMaximumQoS} at most.", MqttReasonCode.QoSNotSupported);
            }

            entry = new InFlightPublish(message, ++_sequence);
            _waitingToSend.Enqueue(entry);
            SendWaitingLocked();
        }

        try
        {
            return await entry.Completion.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_gate)
            {
                // Not sent yet: it never will be. Already sent: the caller only stops waiting.
                if (entry.Packet is null)
                {
                    entry.Completion.TrySetCanceled(cancellationToken);
                }
            }

            throw;
        }
    }

    public Task<IReadOnlyList<MqttReasonCode>> SubscribeAsync(
        string topicFilter, MqttQualityOfService maximumQoS = MqttQualityOfService.AtLeastOnce, CancellationToken cancellationToken = default) =>
        SubscribeAsync([new MqttSubscription(topicFilter, maximumQoS)], cancellationToken);

    /// <summary>
    /// Subscribes and returns the granted QoS per filter. Throws <see cref="MqttSubscribeException"/> if the
    /// server refuses any filter. Granted subscriptions are restored after a reconnect that lost the session.
    /// </summary>
    public async Task<IReadOnlyList<MqttReasonCode>> SubscribeAsync(IReadOnlyList<MqttSubscription> subscriptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        ArgumentOutOfRangeException.ThrowIfZero(subscriptions.Count);
        foreach (var subscription in subscriptions)
        {
            MqttTopic.ValidateTopicFilter(subscription.TopicFilter);
        }

        var reply = await RequestAsync(id => new SubscribePacket { PacketId = id, Subscriptions = [.. subscriptions] }, cancellationToken);
        var reasons = CheckReasons(reply, subscriptions.Count);
        lock (_gate)
        {
            for (var i = 0; i < subscriptions.Count; i++)
            {
                if ((byte)reasons[i] < 0x80)
                {
                    _subscriptions.RemoveAll(s => s.TopicFilter == subscriptions[i].TopicFilter);
                    _subscriptions.Add(subscriptions[i]);
                }
            }
        }

        if (reasons.Any(r => (byte)r >= 0x80))
        {
            throw new MqttSubscribeException($"The server refused a subscription: {string.Join(", ", reasons)}.", reasons);
        }

        return reasons;
    }

    /// <summary>Unsubscribes and returns the server's reason code per filter.</summary>
    public async Task<IReadOnlyList<MqttReasonCode>> UnsubscribeAsync(IReadOnlyList<string> topicFilters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topicFilters);
        ArgumentOutOfRangeException.ThrowIfZero(topicFilters.Count);
        foreach (var filter in topicFilters)
        {
            MqttTopic.ValidateTopicFilter(filter);
        }

        lock (_gate)
        {
            _subscriptions.RemoveAll(s => topicFilters.Contains(s.TopicFilter));
        }

        var reply = await RequestAsync(id => new UnsubscribePacket { PacketId = id, TopicFilters = [.. topicFilters] }, cancellationToken);
        return CheckReasons(reply, topicFilters.Count);
    }

    /// <summary>
    /// Sends DISCONNECT with the reason and closes. No reconnect follows. Unacknowledged publishes fail with
    /// <see cref="MqttNotAcknowledgedException"/>.
    /// </summary>
    public async Task DisconnectAsync(MqttReasonCode reason = MqttReasonCode.NormalDisconnection, CancellationToken cancellationToken = default)
    {
        MqttConnection? connection;
        Task reconnectLoop;
        List<InFlightPublish> unacknowledged;
        List<TaskCompletionSource<MqttPacket>> requests;
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (_state is ClientState.Idle or ClientState.Disposed)
            {
                return;
            }

            _state = ClientState.Idle;
            connection = _connection;
            _connection = null;
            reconnectLoop = _reconnectLoop;
            unacknowledged = TakeAllPublishesLocked();
            requests = TakeRequestsLocked();
            signal = _connectedSignal;
            _connectedSignal = NewSignal();
        }

        await _lifetime.CancelAsync();
        if (connection is not null)
        {
            var disconnect = MqttPacketEncoder.Encode(new DisconnectPacket { ReasonCode = reason });
            await connection.CloseAsync(new MqttConnectionClosure(reason, null, null), disconnect, _time).WaitAsync(cancellationToken);
        }

        await reconnectLoop.WaitAsync(cancellationToken);
        FailUnacknowledged(unacknowledged, "The client disconnected before the server acknowledged the message.");
        FailRequests(requests);
        signal.TrySetException(new InvalidOperationException("The client was disconnected."));
        if (connection is not null)
        {
            Raise(Disconnected, new MqttDisconnectedEventArgs(reason, null, null, willReconnect: false));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync();
        lock (_gate)
        {
            _state = ClientState.Disposed;
        }

        _messages.Writer.TryComplete();
        _lifetime.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static PublishPacket ToPacket(MqttMessage message, ushort packetId) => new()
    {
        Topic = message.Topic,
        Payload = message.Payload,
        QoS = message.QoS,
        Retain = message.Retain,
        PacketId = packetId,
        Properties = message.Properties,
    };

    private static List<MqttReasonCode> CheckReasons(MqttPacket reply, int expected)
    {
        var reasons = reply switch
        {
            SubAckPacket subAck => subAck.ReasonCodes,
            UnsubAckPacket unsubAck => unsubAck.ReasonCodes,
            _ => throw new MqttProtocolException($"Unexpected {reply.Type} in reply.", MqttReasonCode.ProtocolError),
        };
        if (reasons.Count != expected)
        {
            throw new MqttProtocolException($"{reply.Type} carries {reasons.Count} reason codes for {expected} filters.", MqttReasonCode.ProtocolError);
        }

        return [.. reasons];
    }

    private static void FailUnacknowledged(List<InFlightPublish> entries, string why)
    {
        foreach (var entry in entries)
        {
            entry.Completion.TrySetException(new MqttNotAcknowledgedException(
                $"{why} Topic '{entry.Message.Topic}', packet id {entry.Packet?.PacketId ?? 0}."));
        }
    }

    private static void FailRequests(List<TaskCompletionSource<MqttPacket>> requests)
    {
        foreach (var request in requests)
        {
            request.TrySetException(new MqttConnectionLostException("The connection was lost before the server answered."));
        }
    }

#pragma warning disable CA1031 // An application's event handler must not take the connection down with it.
    private void Raise<T>(EventHandler<T>? handler, T args)
    {
        try
        {
            handler?.Invoke(this, args);
        }
        catch (Exception)
        {
            // Handlers are notifications; their failures are theirs.
        }
    }
#pragma warning restore CA1031
}
