using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Dream.Mqtt.Packets;
using Dream.Mqtt.Transport;

namespace Dream.Mqtt;

// Connecting: handshake, activating a connection, noticing its loss, reconnecting.
public sealed partial class MqttClient
{
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

                // A session the server says it kept may still lack subscriptions: Mosquitto 2.0 restores a session
                // from its persistence file without its shared subscriptions, and then never delivers them. Renewed
                // here, without the retained messages a subscription it did keep has already had.
                foreach (var subscription in _subscriptions)
                {
                    var renewal = subscription with { RetainHandling = subscription.RetainHandling == MqttRetainHandling.DoNotSend ? MqttRetainHandling.DoNotSend : MqttRetainHandling.SendAtSubscribeIfNew };
                    resubscriptions.Add(RegisterRequestLocked(connection, id => new SubscribePacket { PacketId = id, Subscriptions = [renewal] }));
                }
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
}
