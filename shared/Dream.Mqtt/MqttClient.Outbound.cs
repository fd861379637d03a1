using Dream.Mqtt.Packets;
using Dream.Mqtt.Transport;

namespace Dream.Mqtt;

// Outbound: the send queue, packet identifiers, request/reply.
public sealed partial class MqttClient
{
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
}
