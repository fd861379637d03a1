using Dream.Mqtt.Packets;
using Dream.Mqtt.Transport;

namespace Dream.Mqtt;

// Inbound: what the read loop does with each packet from the server.
public sealed partial class MqttClient
{
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
