using System.Text;
using Dream.Mqtt.Packets;

namespace Dream.Mqtt.Protocol;

/// <summary>Encodes packets to bytes. The body is written first, then the fixed header in front of it.</summary>
public static class MqttPacketEncoder
{
    /// <summary>The largest packet MQTT can express: 1 + 4 header bytes + the maximum remaining length.</summary>
    public const int AbsoluteMaximumPacketSize = 5 + VariableByteInteger.MaxValue;

    private static readonly byte[] ProtocolName = Encoding.ASCII.GetBytes("MQTT");

    /// <summary>Encodes a packet; throws <see cref="MqttProtocolException"/> if it would exceed <paramref name="maximumPacketSize"/>.</summary>
    public static ReadOnlyMemory<byte> Encode(MqttPacket packet, int maximumPacketSize = AbsoluteMaximumPacketSize)
    {
        ArgumentNullException.ThrowIfNull(packet);
        switch (packet)
        {
            case PublishPacket publish:
                return EncodePublish(publish, maximumPacketSize);
            case PublishResponsePacket response:
                {
                    var w = new MqttWriter(16);
                    WritePacketId(w, response.PacketId);
                    WriteReasonAndProperties(w, response);
                    var flags = response.Type == MqttPacketType.PubRel ? 0x02 : 0x00;
                    return w.Complete(FirstByte(response.Type, flags), maximumPacketSize);
                }

            case ConnectPacket connect:
                return EncodeConnect(connect, maximumPacketSize);
            case ConnAckPacket connAck:
                {
                    var w = new MqttWriter(32);
                    w.WriteByte(connAck.SessionPresent ? (byte)1 : (byte)0);
                    w.WriteByte((byte)connAck.ReasonCode);
                    MqttPropertyCodec.Write(w, connAck.Properties, MqttPacketType.ConnAck);
                    return w.Complete(FirstByte(MqttPacketType.ConnAck, 0), maximumPacketSize);
                }

            case SubscribePacket subscribe:
                return EncodeSubscribe(subscribe, maximumPacketSize);
            case AckListPacket ackList:
                return EncodeAckList(ackList, maximumPacketSize);
            case UnsubscribePacket unsubscribe:
                return EncodeUnsubscribe(unsubscribe, maximumPacketSize);
            case PingReqPacket:
            case PingRespPacket:
                return new MqttWriter(0).Complete(FirstByte(packet.Type, 0), maximumPacketSize);
            case ReasonCodePacket reasonOnly:
                {
                    var w = new MqttWriter(16);
                    WriteReasonAndProperties(w, reasonOnly);
                    return w.Complete(FirstByte(reasonOnly.Type, 0), maximumPacketSize);
                }

            default:
                throw new ArgumentException($"Unknown packet class {packet.GetType().Name}.", nameof(packet));
        }
    }

    private static byte FirstByte(MqttPacketType type, int flags) => (byte)(((int)type << 4) | flags);

    private static void WritePacketId(MqttWriter w, ushort packetId)
    {
        if (packetId == 0)
        {
            throw new MqttProtocolException("Packet identifier 0 is not allowed.", MqttReasonCode.ProtocolError);
        }

        w.WriteUInt16(packetId);
    }

    /// <summary>Reason code and properties are optional trailers: omitted when they say nothing.</summary>
    private static void WriteReasonAndProperties(MqttWriter w, ReasonCodePacket packet)
    {
        var reasonAt = w.Position;
        w.WriteByte((byte)packet.ReasonCode);
        var propertiesAt = w.Position;
        MqttPropertyCodec.Write(w, packet.Properties, packet.Type);
        if (w.Position - propertiesAt == 1)
        {
            w.Truncate(packet.ReasonCode == MqttReasonCode.Success ? reasonAt : propertiesAt);
        }
    }

    private static ReadOnlyMemory<byte> EncodePublish(PublishPacket publish, int maximumPacketSize)
    {
        if (publish.QoS > MqttQualityOfService.ExactlyOnce)
        {
            throw new MqttProtocolException("QoS must be 0, 1 or 2.", MqttReasonCode.ProtocolError);
        }

        if (publish.QoS == MqttQualityOfService.AtMostOnce && (publish.Dup || publish.PacketId != 0))
        {
            throw new MqttProtocolException("A QoS 0 PUBLISH carries neither DUP nor a packet identifier.", MqttReasonCode.ProtocolError);
        }

        MqttTopic.ValidateTopicName(publish.Topic, publish.Properties.TopicAlias is not null);
        var w = new MqttWriter(publish.Topic.Length + publish.Payload.Length + 16);
        w.WriteString(publish.Topic);
        if (publish.QoS != MqttQualityOfService.AtMostOnce)
        {
            WritePacketId(w, publish.PacketId);
        }

        MqttPropertyCodec.Write(w, publish.Properties, MqttPacketType.Publish);
        w.WriteBytes(publish.Payload.Span);
        var flags = (publish.Dup ? 0x08 : 0) | ((int)publish.QoS << 1) | (publish.Retain ? 0x01 : 0);
        return w.Complete(FirstByte(MqttPacketType.Publish, flags), maximumPacketSize);
    }

    private static ReadOnlyMemory<byte> EncodeConnect(ConnectPacket connect, int maximumPacketSize)
    {
        var w = new MqttWriter(64);
        w.WriteUInt16((ushort)ProtocolName.Length);
        w.WriteBytes(ProtocolName);
        w.WriteByte(5);
        var flags = 0;
        if (connect.Username is not null)
        {
            flags |= 0x80;
        }

        if (connect.Password is not null)
        {
            flags |= 0x40;
        }

        if (connect.Will is { } will)
        {
            if (will.QoS > MqttQualityOfService.ExactlyOnce)
            {
                throw new MqttProtocolException("Will QoS must be 0, 1 or 2.", MqttReasonCode.ProtocolError);
            }

            flags |= 0x04 | ((int)will.QoS << 3) | (will.Retain ? 0x20 : 0);
        }

        if (connect.CleanStart)
        {
            flags |= 0x02;
        }

        w.WriteByte((byte)flags);
        w.WriteUInt16(connect.KeepAliveSeconds);
        MqttPropertyCodec.Write(w, connect.Properties, MqttPacketType.Connect);
        w.WriteString(connect.ClientId);
        if (connect.Will is { } message)
        {
            MqttPropertyCodec.Write(w, message.Properties, MqttPacketType.Reserved);
            MqttTopic.ValidateTopicName(message.Topic, aliasPresent: false);
            w.WriteString(message.Topic);
            w.WriteBinary(message.Payload.Span);
        }

        if (connect.Username is not null)
        {
            w.WriteString(connect.Username);
        }

        if (connect.Password is { } password)
        {
            w.WriteBinary(password.Span);
        }

        return w.Complete(FirstByte(MqttPacketType.Connect, 0), maximumPacketSize);
    }

    private static ReadOnlyMemory<byte> EncodeSubscribe(SubscribePacket subscribe, int maximumPacketSize)
    {
        var w = StartFilterList(subscribe.Type, subscribe.PacketId, subscribe.Properties, subscribe.Subscriptions.Count);
        foreach (var s in subscribe.Subscriptions)
        {
            MqttTopic.ValidateTopicFilter(s.TopicFilter);
            if (s.MaximumQoS > MqttQualityOfService.ExactlyOnce || s.RetainHandling is < MqttRetainHandling.SendAtSubscribe or > MqttRetainHandling.DoNotSend)
            {
                throw new MqttProtocolException("Subscription options out of range.", MqttReasonCode.ProtocolError);
            }

            if (s.NoLocal && s.TopicFilter.StartsWith("$share/", StringComparison.Ordinal))
            {
                throw new MqttProtocolException("No Local is not allowed on a shared subscription.", MqttReasonCode.ProtocolError);
            }

            w.WriteString(s.TopicFilter);
            var options = (int)s.MaximumQoS | (s.NoLocal ? 0x04 : 0) | (s.RetainAsPublished ? 0x08 : 0) | ((int)s.RetainHandling << 4);
            w.WriteByte((byte)options);
        }

        return w.Complete(FirstByte(MqttPacketType.Subscribe, 0x02), maximumPacketSize);
    }

    private static ReadOnlyMemory<byte> EncodeUnsubscribe(UnsubscribePacket unsubscribe, int maximumPacketSize)
    {
        var w = StartFilterList(unsubscribe.Type, unsubscribe.PacketId, unsubscribe.Properties, unsubscribe.TopicFilters.Count);
        foreach (var filter in unsubscribe.TopicFilters)
        {
            w.WriteString(filter);
        }

        return w.Complete(FirstByte(MqttPacketType.Unsubscribe, 0x02), maximumPacketSize);
    }

    /// <summary>SUBSCRIBE and UNSUBSCRIBE begin alike: packet id, properties, and at least one filter follows.</summary>
    private static MqttWriter StartFilterList(MqttPacketType type, ushort packetId, MqttProperties properties, int filterCount)
    {
        var w = new MqttWriter(64);
        WritePacketId(w, packetId);
        MqttPropertyCodec.Write(w, properties, type);
        if (filterCount == 0)
        {
            throw new MqttProtocolException($"{type.ToString().ToUpperInvariant()} needs at least one topic filter.", MqttReasonCode.ProtocolError);
        }

        return w;
    }

    private static ReadOnlyMemory<byte> EncodeAckList(AckListPacket ackList, int maximumPacketSize)
    {
        var w = new MqttWriter(16 + ackList.ReasonCodes.Count);
        WritePacketId(w, ackList.PacketId);
        MqttPropertyCodec.Write(w, ackList.Properties, ackList.Type);
        foreach (var reason in ackList.ReasonCodes)
        {
            w.WriteByte((byte)reason);
        }

        return w.Complete(FirstByte(ackList.Type, 0), maximumPacketSize);
    }
}
