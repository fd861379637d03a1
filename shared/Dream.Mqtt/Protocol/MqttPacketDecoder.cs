using System.Buffers;
using Dream.Mqtt.Packets;

namespace Dream.Mqtt.Protocol;

/// <summary>
/// Frames and decodes packets from bytes. Anything that is not a valid MQTT 5 packet raises
/// <see cref="MqttProtocolException"/>, and nothing else.
/// </summary>
public static class MqttPacketDecoder
{
    /// <summary>
    /// Finds the length of the packet at the start of <paramref name="buffer"/>. Returns false if more bytes
    /// are needed; throws if the header is malformed or the packet exceeds <paramref name="maximumPacketSize"/>.
    /// </summary>
    public static bool TryGetPacketLength(ReadOnlySpan<byte> buffer, int maximumPacketSize, out int packetLength)
    {
        packetLength = 0;
        if (buffer.Length < 2)
        {
            return false;
        }

        if (!VariableByteInteger.TryRead(buffer[1..], out var remaining, out var consumed))
        {
            return false;
        }

        var total = 1L + consumed + remaining;
        if (total > maximumPacketSize)
        {
            throw new MqttProtocolException(
                $"Packet of {total} bytes exceeds the maximum packet size of {maximumPacketSize} bytes.", MqttReasonCode.PacketTooLarge);
        }

        packetLength = (int)total;
        return true;
    }

    public static MqttPacket Decode(ReadOnlySequence<byte> packet, int maximumPacketSize = MqttPacketEncoder.AbsoluteMaximumPacketSize)
    {
        if (packet.Length > maximumPacketSize)
        {
            throw new MqttProtocolException("Packet exceeds the maximum packet size.", MqttReasonCode.PacketTooLarge);
        }

        return packet.IsSingleSegment ? Decode(packet.FirstSpan, maximumPacketSize) : Decode(packet.ToArray(), maximumPacketSize);
    }

    /// <summary>Decodes exactly one whole packet (fixed header included).</summary>
    public static MqttPacket Decode(ReadOnlySpan<byte> packet, int maximumPacketSize = MqttPacketEncoder.AbsoluteMaximumPacketSize)
    {
        if (!TryGetPacketLength(packet, maximumPacketSize, out var length))
        {
            throw new MqttProtocolException("Packet is truncated inside its fixed header.");
        }

        if (length != packet.Length)
        {
            throw new MqttProtocolException($"Fixed header announces {length} bytes but {packet.Length} were given.");
        }

        var first = packet[0];
        var type = (MqttPacketType)(first >> 4);
        var flags = first & 0x0F;
        var reader = new MqttReader(packet);
        reader.ReadByte();
        reader.ReadVariableByteInteger();
        var body = new MqttReader(reader.ReadRest());
        if (type != MqttPacketType.Publish)
        {
            var expected = type is MqttPacketType.PubRel or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe ? 0x02 : 0x00;
            if (flags != expected)
            {
                throw new MqttProtocolException($"Reserved fixed header flags of {type} are 0x{flags:X}, expected 0x{expected:X}.");
            }
        }

        return type switch
        {
            MqttPacketType.Connect => DecodeConnect(ref body),
            MqttPacketType.ConnAck => DecodeConnAck(ref body),
            MqttPacketType.Publish => DecodePublish(ref body, flags),
            MqttPacketType.PubAck => DecodeResponse<PubAckPacket>(ref body, type),
            MqttPacketType.PubRec => DecodeResponse<PubRecPacket>(ref body, type),
            MqttPacketType.PubRel => DecodeResponse<PubRelPacket>(ref body, type),
            MqttPacketType.PubComp => DecodeResponse<PubCompPacket>(ref body, type),
            MqttPacketType.Subscribe => DecodeSubscribe(ref body),
            MqttPacketType.SubAck => DecodeAckList<SubAckPacket>(ref body, type),
            MqttPacketType.Unsubscribe => DecodeUnsubscribe(ref body),
            MqttPacketType.UnsubAck => DecodeAckList<UnsubAckPacket>(ref body, type),
            MqttPacketType.PingReq => Empty(ref body, PingReqPacket.Instance),
            MqttPacketType.PingResp => Empty(ref body, PingRespPacket.Instance),
            MqttPacketType.Disconnect => DecodeReasonCode<DisconnectPacket>(ref body, type),
            MqttPacketType.Auth => DecodeReasonCode<AuthPacket>(ref body, type),
            _ => throw new MqttProtocolException("Packet type 0 is reserved."),
        };
    }

    private static MqttPacket Empty(ref MqttReader body, MqttPacket packet)
    {
        body.ExpectEnd(packet.Type.ToString().ToUpperInvariant());
        return packet;
    }

    private static MqttReasonCode Reason(byte value) => Enum.IsDefined((MqttReasonCode)value)
        ? (MqttReasonCode)value
        : throw new MqttProtocolException($"Unknown reason code 0x{value:X2}.", MqttReasonCode.ProtocolError);

    private static ushort PacketId(ref MqttReader body)
    {
        var id = body.ReadUInt16();
        return id != 0 ? id : throw new MqttProtocolException("Packet identifier 0 is not allowed.", MqttReasonCode.ProtocolError);
    }

    private static ConnectPacket DecodeConnect(ref MqttReader body)
    {
        if (body.ReadString() != "MQTT")
        {
            throw new MqttProtocolException("Protocol name is not MQTT.", MqttReasonCode.UnsupportedProtocolVersion);
        }

        if (body.ReadByte() != 5)
        {
            throw new MqttProtocolException("Only MQTT protocol level 5 is supported.", MqttReasonCode.UnsupportedProtocolVersion);
        }

        var flags = body.ReadByte();
        if ((flags & 0x01) != 0)
        {
            throw new MqttProtocolException("CONNECT reserved flag is set.");
        }

        var hasWill = (flags & 0x04) != 0;
        var willQoS = (flags >> 3) & 0x03;
        var willRetain = (flags & 0x20) != 0;
        if (willQoS == 3 || (!hasWill && (willQoS != 0 || willRetain)))
        {
            throw new MqttProtocolException("CONNECT will flags are inconsistent.");
        }

        var keepAlive = body.ReadUInt16();
        var properties = MqttPropertyCodec.Read(ref body, MqttPacketType.Connect);
        var clientId = body.ReadString();
        MqttMessage? will = null;
        if (hasWill)
        {
            var willProperties = MqttPropertyCodec.Read(ref body, MqttPacketType.Reserved);
            var topic = body.ReadString();
            MqttTopic.ValidateTopicName(topic, aliasPresent: false);
            will = new MqttMessage
            {
                Topic = topic,
                Payload = body.ReadBinary(),
                QoS = (MqttQualityOfService)willQoS,
                Retain = willRetain,
                Properties = willProperties,
            };
        }

        var username = (flags & 0x80) != 0 ? body.ReadString() : null;
        ReadOnlyMemory<byte>? password = null;
        if ((flags & 0x40) != 0)
        {
            password = body.ReadBinary();
        }

        body.ExpectEnd("CONNECT");
        return new ConnectPacket
        {
            ClientId = clientId,
            CleanStart = (flags & 0x02) != 0,
            KeepAliveSeconds = keepAlive,
            Username = username,
            Password = password,
            Will = will,
            Properties = properties,
        };
    }

    private static ConnAckPacket DecodeConnAck(ref MqttReader body)
    {
        var ackFlags = body.ReadByte();
        if ((ackFlags & 0xFE) != 0)
        {
            throw new MqttProtocolException("CONNACK reserved flags are set.");
        }

        var reason = Reason(body.ReadByte());
        var properties = MqttPropertyCodec.Read(ref body, MqttPacketType.ConnAck);
        body.ExpectEnd("CONNACK");
        return new ConnAckPacket { SessionPresent = ackFlags == 1, ReasonCode = reason, Properties = properties };
    }

    private static PublishPacket DecodePublish(ref MqttReader body, int flags)
    {
        var qos = (flags >> 1) & 0x03;
        var dup = (flags & 0x08) != 0;
        if (qos == 3)
        {
            throw new MqttProtocolException("PUBLISH with QoS 3.");
        }

        if (qos == 0 && dup)
        {
            throw new MqttProtocolException("QoS 0 PUBLISH with DUP set.");
        }

        var topic = body.ReadString();
        var packetId = qos == 0 ? (ushort)0 : PacketId(ref body);
        var properties = MqttPropertyCodec.Read(ref body, MqttPacketType.Publish);
        MqttTopic.ValidateTopicName(topic, properties.TopicAlias is not null);
        return new PublishPacket
        {
            Topic = topic,
            PacketId = packetId,
            QoS = (MqttQualityOfService)qos,
            Dup = dup,
            Retain = (flags & 0x01) != 0,
            Properties = properties,
            Payload = body.ReadRest().ToArray(),
        };
    }

    private static T DecodeResponse<T>(ref MqttReader body, MqttPacketType type)
        where T : PublishResponsePacket, new()
    {
        var packetId = PacketId(ref body);
        var (reason, properties) = ReadReasonAndProperties(ref body, type);
        return new T { PacketId = packetId, ReasonCode = reason, Properties = properties };
    }

    private static SubscribePacket DecodeSubscribe(ref MqttReader body)
    {
        var packetId = PacketId(ref body);
        var properties = MqttPropertyCodec.Read(ref body, MqttPacketType.Subscribe);
        var subscriptions = new List<MqttSubscription>();
        while (!body.End)
        {
            var filter = ReadFilter(ref body);
            var options = body.ReadByte();
            var qos = options & 0x03;
            var retainHandling = (options >> 4) & 0x03;
            if ((options & 0xC0) != 0 || qos == 3 || retainHandling == 3)
            {
                throw new MqttProtocolException($"Invalid subscription options 0x{options:X2}.");
            }

            subscriptions.Add(new MqttSubscription(
                filter, (MqttQualityOfService)qos, (options & 0x04) != 0, (options & 0x08) != 0, (MqttRetainHandling)retainHandling));
        }

        ExpectFilters(subscriptions.Count, MqttPacketType.Subscribe);
        return new SubscribePacket { PacketId = packetId, Properties = properties, Subscriptions = subscriptions };
    }

    private static UnsubscribePacket DecodeUnsubscribe(ref MqttReader body)
    {
        var packetId = PacketId(ref body);
        var properties = MqttPropertyCodec.Read(ref body, MqttPacketType.Unsubscribe);
        var filters = new List<string>();
        while (!body.End)
        {
            filters.Add(ReadFilter(ref body));
        }

        ExpectFilters(filters.Count, MqttPacketType.Unsubscribe);
        return new UnsubscribePacket { PacketId = packetId, Properties = properties, TopicFilters = filters };
    }

    private static string ReadFilter(ref MqttReader body)
    {
        var filter = body.ReadString();
        MqttTopic.ValidateTopicFilter(filter);
        return filter;
    }

    /// <summary>SUBSCRIBE and UNSUBSCRIBE name at least one topic filter.</summary>
    private static void ExpectFilters(int count, MqttPacketType type)
    {
        if (count == 0)
        {
            throw new MqttProtocolException($"{type.ToString().ToUpperInvariant()} without topic filters.", MqttReasonCode.ProtocolError);
        }
    }

    private static T DecodeAckList<T>(ref MqttReader body, MqttPacketType type)
        where T : AckListPacket, new()
    {
        var packetId = PacketId(ref body);
        var properties = MqttPropertyCodec.Read(ref body, type);
        var reasons = new List<MqttReasonCode>();
        while (!body.End)
        {
            reasons.Add(Reason(body.ReadByte()));
        }

        return reasons.Count > 0
            ? new T { PacketId = packetId, Properties = properties, ReasonCodes = reasons }
            : throw new MqttProtocolException($"{type.ToString().ToUpperInvariant()} without reason codes.", MqttReasonCode.ProtocolError);
    }

    /// <summary>DISCONNECT and AUTH: an absent reason code is 0 (normal disconnection, success).</summary>
    private static T DecodeReasonCode<T>(ref MqttReader body, MqttPacketType type)
        where T : ReasonCodePacket, new()
    {
        var (reason, properties) = ReadReasonAndProperties(ref body, type);
        return new T { ReasonCode = reason, Properties = properties };
    }

    private static (MqttReasonCode Reason, MqttProperties Properties) ReadReasonAndProperties(ref MqttReader body, MqttPacketType type)
    {
        var reason = body.End ? MqttReasonCode.Success : Reason(body.ReadByte());
        var properties = body.End ? new MqttProperties() : MqttPropertyCodec.Read(ref body, type);
        body.ExpectEnd(type.ToString().ToUpperInvariant());
        return (reason, properties);
    }
}
