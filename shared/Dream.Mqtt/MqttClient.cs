using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading.Channels;
using Dream.Mqtt.Packets;
using Dream.Mqtt.Protocol;
using Dream.Mqtt.Transport;

namespace Dream.Mqtt;

/// <summary>
/// An MQTT 5 client. Connect once with <see cref="ConnectAsync"/>; after that the client reconnects by
/// itself when the connection is lost, until <see cref="DisconnectAsync"/> or disposal. Thread-safe: many
/// publishes may be in flight at once, up to the server's receive maximum.
/// </summary>
public sealed class MqttClient : IAsyncDisposable
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

    private async Task<(MqttConnection Connection, ConnAckPacket ConnAck)> EstablishAsync(bool cleanStart, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var where = $"{_options.Host}:{_options.Port}";
        MqttConnection? connection = null;
        try
        {
            connection = await MqttConnection.OpenAsync(_options, linked.Token);
            var connAck = await connection.HandshakeAsync(MqttPacketEncoder.Encode(BuildConnect(cleanStart)), linked.Token);
            if (connAck.ReasonCode != MqttReasonCode.Success)
            {
                throw new MqttConnectException(
                    $"{where} refused the connection: {connAck.ReasonCode} {connAck.Properties.ReasonString}".TrimEnd(), connAck.ReasonCode);
            }

            return (connection, connAck);
        }
        catch (Exception ex) when (ex is not MqttConnectException || connection is not null)
        {
            connection?.Dispose();
            throw ex switch
            {
                MqttConnectException => ex,
                OperationCanceledException when cancellationToken.IsCancellationRequested => ex,
                OperationCanceledException => new MqttConnectException($"Connecting to {where} timed out after {_options.ConnectTimeout}.", ex),
                SocketException or IOException or AuthenticationException or MqttProtocolException or ObjectDisposedException
                    => new MqttConnectException($"Could not connect to {where}: {ex.Message}", ex),
                _ => ex,
            };
        }
    }

    private ConnectPacket BuildConnect(bool cleanStart)
    {
        var properties = new MqttProperties
        {
            ReceiveMaximum = _options.ReceiveMaximum,
            MaximumPacketSize = (uint)_options.MaximumPacketSize,
        };
        if (_options.SessionExpiryInterval > 0)
        {
            properties.SessionExpiryInterval = _options.SessionExpiryInterval;
        }

        return new ConnectPacket
        {
            ClientId = _clientId,
            CleanStart = cleanStart,
            KeepAliveSeconds = (ushort)Math.Clamp(Math.Ceiling(_options.KeepAlive.TotalSeconds), 0, ushort.MaxValue),
            Username = _options.Username,
            Password = _options.Password is null ? null : Encoding.UTF8.GetBytes(_options.Password),
            Will = _options.Will,
            Properties = properties,
        };
    }

    /// <summary>Makes a handshaken connection the current one: resends or fails in-flight publishes, then starts it.</summary>
    private MqttConnectResult Activate(MqttConnection connection, ConnAckPacket connAck, bool isReconnect)
    {
        var granted = connAck.Properties;
        var keepAlive = granted.ServerKeepAlive is { } serverKeepAlive
            ? TimeSpan.FromSeconds(serverKeepAlive)
            : TimeSpan.FromSeconds(Math.Clamp(Math.Ceiling(_options.KeepAlive.TotalSeconds), 0, ushort.MaxValue));
        var maximumPacketSize = (int)Math.Min(granted.MaximumPacketSize ?? uint.MaxValue, MqttPacketEncoder.AbsoluteMaximumPacketSize);
        var result = new MqttConnectResult(
            connAck.SessionPresent,
            granted.AssignedClientIdentifier ?? _clientId,
            keepAlive,
            granted.ReceiveMaximum ?? ushort.MaxValue,
            (MqttQualityOfService)(granted.MaximumQoS ?? 2),
            maximumPacketSize);

        List<InFlightPublish> lost = [];
        List<(ushort Id, TaskCompletionSource<MqttPacket> Reply)> resubscriptions = [];
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (_state is not (ClientState.Connecting or ClientState.Reconnecting))
            {
                connection.Dispose();
                throw new OperationCanceledException("The client was disconnected while connecting.");
            }

            _clientId = result.ClientId;
            _serverMaximumPacketSize = maximumPacketSize;
            _serverMaximumQoS = result.MaximumQoS;
            if (connAck.SessionPresent)
            {
                // Resend in the original order; the server has kept the packet ids and answers each one.
                foreach (var entry in _inFlight.Values.OrderBy(e => e.Sequence))
                {
                    var sent = entry.Packet!;
                    if (entry.Received is null)
                    {
                        entry.Packet = new PublishPacket
                        {
                            Topic = sent.Topic,
                            Payload = sent.Payload,
                            QoS = sent.QoS,
                            Retain = sent.Retain,
                            PacketId = sent.PacketId,
                            Properties = sent.Properties,
                            Dup = true,
                        };
                        connection.TrySend(MqttPacketEncoder.Encode(entry.Packet));
                    }
                    else
                    {
                        connection.TrySend(MqttPacketEncoder.Encode(new PubRelPacket { PacketId = sent.PacketId }));
                    }
                }

                _sendSlots = result.ServerReceiveMaximum - _inFlight.Count;
            }
            else
            {
                lost = TakeInFlightLocked();
                _incomingExactlyOnce.Clear();
                _sendSlots = result.ServerReceiveMaximum;
                foreach (var subscription in _subscriptions)
                {
                    resubscriptions.Add(RegisterRequestLocked(connection, id => new SubscribePacket { PacketId = id, Subscriptions = [subscription] }));
                }
            }

            _connection = connection;
            _state = ClientState.Connected;
            signal = _connectedSignal;
            SendWaitingLocked();
        }

        connection.Start(HandlePacketAsync, keepAlive, _time);
        _ = MonitorAsync(connection);
        FailUnacknowledged(lost, "The connection was lost and the server did not resume the session.");
        signal.TrySetResult();
        Raise(Connected, new MqttConnectedEventArgs(result, isReconnect));
        foreach (var (_, reply) in resubscriptions)
        {
            // A refused or lost resubscription is retried at the next reconnect; the reply is only observed.
            _ = reply.Task.ContinueWith(static t => t.Exception, TaskScheduler.Default);
        }

        return result;
    }

    private async Task MonitorAsync(MqttConnection connection)
    {
        var closure = await connection.Closed;
        connection.Dispose();
        bool reconnect;
        List<InFlightPublish> unacknowledged = [];
        List<TaskCompletionSource<MqttPacket>> requests;
        TaskCompletionSource? idleSignal = null;
        lock (_gate)
        {
            if (_connection != connection)
            {
                return;
            }

            _connection = null;
            requests = TakeRequestsLocked();
            reconnect = _options.AutoReconnect;
            if (reconnect)
            {
                _state = ClientState.Reconnecting;
                _reconnectLoop = ReconnectLoopAsync(_lifetime.Token);
            }
            else
            {
                _state = ClientState.Idle;
                unacknowledged = TakeAllPublishesLocked();
                idleSignal = _connectedSignal;
                _connectedSignal = NewSignal();
            }
        }

        FailRequests(requests);
        FailUnacknowledged(unacknowledged, "The connection was lost and automatic reconnect is off.");
        idleSignal?.TrySetException(new InvalidOperationException("The connection was lost and automatic reconnect is off."));
        Raise(Disconnected, new MqttDisconnectedEventArgs(closure.ReasonCode, closure.ReasonString, closure.Exception, reconnect));
    }

    private async Task ReconnectLoopAsync(CancellationToken cancellationToken)
    {
        // Leave the caller's lock before the first await.
        await Task.Yield();
        Exception? previous = null;
        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            var delay = ReconnectBackoff.Delay(attempt, _options.ReconnectMinDelay, _options.ReconnectMaxDelay);
            Raise(Reconnecting, new MqttReconnectingEventArgs(attempt, delay, previous));
            try
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, cancellationToken);
                }

                var (connection, connAck) = await EstablishAsync(cleanStart: false, cancellationToken);
                Activate(connection, connAck, isReconnect: true);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                // Activate refuses when DisconnectAsync won the race.
                return;
            }
#pragma warning disable CA1031 // Whatever failed this attempt (network, TLS files, broker) is reported and retried.
            catch (Exception ex)
            {
                previous = ex;
            }
#pragma warning restore CA1031
        }
    }

    private async ValueTask<MqttConnection> WaitForConnectionAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                if (_connection is { } connection)
                {
                    return connection;
                }

                ObjectDisposedException.ThrowIf(_state == ClientState.Disposed, this);
                if (_state == ClientState.Idle)
                {
                    throw new InvalidOperationException("The client is not connected: call ConnectAsync first.");
                }

                signal = _connectedSignal.Task;
            }

            await signal.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Sends waiting publishes in call order while the server's receive maximum leaves room.</summary>
    private void SendWaitingLocked()
    {
        var connection = _connection;
        if (connection is null)
        {
            return;
        }

        while (_sendSlots > 0 && _waitingToSend.TryDequeue(out var entry))
        {
            if (entry.Completion.Task.IsCompleted)
            {
                continue;
            }

            var packet = ToPacket(entry.Message, NextPacketIdLocked());
            ReadOnlyMemory<byte> bytes;
            try
            {
                bytes = MqttPacketEncoder.Encode(packet, _serverMaximumPacketSize);
            }
            catch (MqttProtocolException ex)
            {
                entry.Completion.TrySetException(ex);
                continue;
            }

            entry.Packet = packet;
            _inFlight.Add(packet.PacketId, entry);
            _sendSlots--;
            connection.TrySend(bytes);
        }
    }

    private void ThrowIfNotStartedLocked()
    {
        ObjectDisposedException.ThrowIf(_state == ClientState.Disposed, this);
        if (_state == ClientState.Idle)
        {
            throw new InvalidOperationException("The client is not connected: call ConnectAsync first.");
        }
    }

    private async Task<MqttPacket> RequestAsync(Func<ushort, MqttPacket> build, CancellationToken cancellationToken)
    {
        while (true)
        {
            var connection = await WaitForConnectionAsync(cancellationToken);
            (ushort Id, TaskCompletionSource<MqttPacket> Reply) request;
            lock (_gate)
            {
                if (_connection != connection)
                {
                    continue;
                }

                request = RegisterRequestLocked(connection, build);
            }

            try
            {
                return await request.Reply.Task.WaitAsync(cancellationToken);
            }
            finally
            {
                lock (_gate)
                {
                    _requests.Remove(request.Id);
                }
            }
        }
    }

    private (ushort Id, TaskCompletionSource<MqttPacket> Reply) RegisterRequestLocked(MqttConnection connection, Func<ushort, MqttPacket> build)
    {
        var id = NextPacketIdLocked();
        var bytes = MqttPacketEncoder.Encode(build(id), _serverMaximumPacketSize);
        var reply = new TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add(id, reply);
        connection.TrySend(bytes);
        return (id, reply);
    }

    private ushort NextPacketIdLocked()
    {
        for (var tries = 0; tries < ushort.MaxValue; tries++)
        {
            _lastPacketId = _lastPacketId == ushort.MaxValue ? (ushort)1 : (ushort)(_lastPacketId + 1);
            if (!_inFlight.ContainsKey(_lastPacketId) && !_requests.ContainsKey(_lastPacketId))
            {
                return _lastPacketId;
            }
        }

        throw new InvalidOperationException("All 65535 packet identifiers are in use.");
    }

    private List<InFlightPublish> TakeInFlightLocked()
    {
        var entries = _inFlight.Values.OrderBy(e => e.Sequence).ToList();
        _inFlight.Clear();
        return entries;
    }

    private List<InFlightPublish> TakeAllPublishesLocked()
    {
        var entries = TakeInFlightLocked();
        entries.AddRange(_waitingToSend);
        _waitingToSend.Clear();
        return entries;
    }

    private List<TaskCompletionSource<MqttPacket>> TakeRequestsLocked()
    {
        var requests = _requests.Values.ToList();
        _requests.Clear();
        return requests;
    }

    private async ValueTask HandlePacketAsync(MqttPacket packet, MqttConnection connection)
    {
        switch (packet)
        {
            case PublishPacket publish:
                await OnPublishAsync(publish, connection);
                break;
            case PubAckPacket pubAck:
                Complete(pubAck.PacketId, MqttQualityOfService.AtLeastOnce, new MqttPublishResult(pubAck.ReasonCode, pubAck.Properties.ReasonString));
                break;
            case PubRecPacket pubRec:
                OnPubRec(pubRec, connection);
                break;
            case PubCompPacket pubComp:
                Complete(pubComp.PacketId, MqttQualityOfService.ExactlyOnce, null);
                break;
            case PubRelPacket pubRel:
                bool known;
                lock (_gate)
                {
                    known = _incomingExactlyOnce.Remove(pubRel.PacketId);
                }

                connection.TrySend(MqttPacketEncoder.Encode(new PubCompPacket
                {
                    PacketId = pubRel.PacketId,
                    ReasonCode = known ? MqttReasonCode.Success : MqttReasonCode.PacketIdentifierNotFound,
                }));
                break;
            case SubAckPacket or UnsubAckPacket:
                var packetId = packet is SubAckPacket s ? s.PacketId : ((UnsubAckPacket)packet).PacketId;
                TaskCompletionSource<MqttPacket>? reply;
                lock (_gate)
                {
                    _requests.Remove(packetId, out reply);
                }

                reply?.TrySetResult(packet);
                break;
            case PingRespPacket:
                connection.OnPingResponse();
                break;
            case DisconnectPacket disconnect:
                connection.Abort(new MqttConnectionClosure(disconnect.ReasonCode, disconnect.Properties.ReasonString, null));
                break;
            default:
                throw new MqttProtocolException($"A server does not send {packet.Type} at this point.", MqttReasonCode.ProtocolError);
        }
    }

    private async ValueTask OnPublishAsync(PublishPacket publish, MqttConnection connection)
    {
        if (publish.Topic.Length == 0)
        {
            throw new MqttProtocolException("The server used a topic alias although we allow none.", MqttReasonCode.TopicAliasInvalid);
        }

        var message = new MqttMessage { Topic = publish.Topic, Payload = publish.Payload, QoS = publish.QoS, Retain = publish.Retain, Properties = publish.Properties };
        switch (publish.QoS)
        {
            case MqttQualityOfService.AtMostOnce:
                await DeliverAsync(message, connection);
                break;
            case MqttQualityOfService.AtLeastOnce:
                await DeliverAsync(message, connection);
                connection.TrySend(MqttPacketEncoder.Encode(new PubAckPacket { PacketId = publish.PacketId }));
                break;
            default:
                bool isNew;
                lock (_gate)
                {
                    isNew = _incomingExactlyOnce.Add(publish.PacketId);
                    if (_incomingExactlyOnce.Count > _options.ReceiveMaximum)
                    {
                        throw new MqttProtocolException("The server exceeded our receive maximum.", MqttReasonCode.ReceiveMaximumExceeded);
                    }
                }

                if (isNew)
                {
                    await DeliverAsync(message, connection);
                }

                connection.TrySend(MqttPacketEncoder.Encode(new PubRecPacket { PacketId = publish.PacketId }));
                break;
        }
    }

    private async ValueTask DeliverAsync(MqttMessage message, MqttConnection connection)
    {
        if (_messages.Writer.TryWrite(message))
        {
            return;
        }

        connection.SetWaitingForConsumer(true);
        try
        {
            await _messages.Writer.WriteAsync(message, connection.Stopping);
        }
        finally
        {
            connection.SetWaitingForConsumer(false);
        }
    }

    private void OnPubRec(PubRecPacket pubRec, MqttConnection connection)
    {
        InFlightPublish? finished = null;
        lock (_gate)
        {
            if (!_inFlight.TryGetValue(pubRec.PacketId, out var entry) || entry.Message.QoS != MqttQualityOfService.ExactlyOnce)
            {
                connection.TrySend(MqttPacketEncoder.Encode(new PubRelPacket { PacketId = pubRec.PacketId, ReasonCode = MqttReasonCode.PacketIdentifierNotFound }));
                return;
            }

            var result = new MqttPublishResult(pubRec.ReasonCode, pubRec.Properties.ReasonString);
            if (!result.IsSuccess)
            {
                _inFlight.Remove(pubRec.PacketId);
                finished = entry;
                entry.Received = result;
                _sendSlots++;
                SendWaitingLocked();
            }
            else
            {
                entry.Received = result;
                connection.TrySend(MqttPacketEncoder.Encode(new PubRelPacket { PacketId = pubRec.PacketId }));
            }
        }

        if (finished is not null)
        {
            finished.Completion.TrySetResult(finished.Received!);
        }
    }

    private void Complete(ushort packetId, MqttQualityOfService qos, MqttPublishResult? result)
    {
        InFlightPublish? entry;
        lock (_gate)
        {
            // An answer for an id we no longer track (e.g. after a session was lost) is ignored.
            if (!_inFlight.TryGetValue(packetId, out entry) || entry.Message.QoS != qos)
            {
                return;
            }

            _inFlight.Remove(packetId);
            _sendSlots++;
            SendWaitingLocked();
        }

        entry.Completion.TrySetResult(result ?? entry.Received ?? new MqttPublishResult(MqttReasonCode.Success));
    }
}
