namespace Dream.Mqtt.Protocol;

/// <summary>Reads and writes a property block: its length as a variable byte integer, then the properties.</summary>
internal static class MqttPropertyCodec
{
    public static void Write(MqttWriter writer, MqttProperties? properties, MqttPacketType context)
    {
        var start = writer.Position;
        if (properties is not null)
        {
            WriteAll(writer, properties, context);
        }

        writer.InsertVariableByteInteger(start, writer.Position - start);
    }

    public static MqttProperties Read(ref MqttReader reader, MqttPacketType context)
    {
        var length = reader.ReadVariableByteInteger();
        var block = new MqttReader(reader.ReadBytes(length));
        var properties = new MqttProperties();
        var seen = 0UL;
        while (!block.End)
        {
            var raw = block.ReadVariableByteInteger();
            if (raw > 0x7F)
            {
                throw new MqttProtocolException($"Unknown property identifier 0x{raw:X}.");
            }

            var id = (MqttPropertyId)raw;
            if (!MqttPropertyRules.IsAllowed(id, context))
            {
                throw new MqttProtocolException(
                    $"Property 0x{raw:X2} is not allowed in {Name(context)}.", MqttReasonCode.ProtocolError);
            }

            var repeatable = id == MqttPropertyId.UserProperty
                || (id == MqttPropertyId.SubscriptionIdentifier && context == MqttPacketType.Publish);
            var bit = 1UL << raw;
            if (!repeatable && (seen & bit) != 0)
            {
                throw new MqttProtocolException($"Property 0x{raw:X2} appears twice in {Name(context)}.", MqttReasonCode.ProtocolError);
            }

            seen |= bit;
            ReadOne(ref block, id, properties);
        }

        return properties;
    }

    private static string Name(MqttPacketType context) => context == MqttPacketType.Reserved ? "a will message" : context.ToString().ToUpperInvariant();

    private static void ReadOne(ref MqttReader r, MqttPropertyId id, MqttProperties p)
    {
        switch (id)
        {
            case MqttPropertyId.PayloadFormatIndicator: p.PayloadFormatIndicator = Flag(r.ReadByte(), id); break;
            case MqttPropertyId.MessageExpiryInterval: p.MessageExpiryInterval = r.ReadUInt32(); break;
            case MqttPropertyId.ContentType: p.ContentType = r.ReadString(); break;
            case MqttPropertyId.ResponseTopic: p.ResponseTopic = r.ReadString(); break;
            case MqttPropertyId.CorrelationData: p.CorrelationData = r.ReadBinary(); break;
            case MqttPropertyId.SubscriptionIdentifier:
                var subscriptionId = r.ReadVariableByteInteger();
                if (subscriptionId == 0)
                {
                    throw new MqttProtocolException("Subscription identifier 0 is not allowed.", MqttReasonCode.ProtocolError);
                }

                p.SubscriptionIdentifiers.Add(subscriptionId);
                break;
            case MqttPropertyId.SessionExpiryInterval: p.SessionExpiryInterval = r.ReadUInt32(); break;
            case MqttPropertyId.AssignedClientIdentifier: p.AssignedClientIdentifier = r.ReadString(); break;
            case MqttPropertyId.ServerKeepAlive: p.ServerKeepAlive = r.ReadUInt16(); break;
            case MqttPropertyId.AuthenticationMethod: p.AuthenticationMethod = r.ReadString(); break;
            case MqttPropertyId.AuthenticationData: p.AuthenticationData = r.ReadBinary(); break;
            case MqttPropertyId.RequestProblemInformation: p.RequestProblemInformation = Flag(r.ReadByte(), id); break;
            case MqttPropertyId.WillDelayInterval: p.WillDelayInterval = r.ReadUInt32(); break;
            case MqttPropertyId.RequestResponseInformation: p.RequestResponseInformation = Flag(r.ReadByte(), id); break;
            case MqttPropertyId.ResponseInformation: p.ResponseInformation = r.ReadString(); break;
            case MqttPropertyId.ServerReference: p.ServerReference = r.ReadString(); break;
            case MqttPropertyId.ReasonString: p.ReasonString = r.ReadString(); break;
            case MqttPropertyId.ReceiveMaximum: p.ReceiveMaximum = NonZero(r.ReadUInt16(), id); break;
            case MqttPropertyId.TopicAliasMaximum: p.TopicAliasMaximum = r.ReadUInt16(); break;
            case MqttPropertyId.TopicAlias: p.TopicAlias = NonZero(r.ReadUInt16(), id); break;
            case MqttPropertyId.MaximumQoS: p.MaximumQoS = Flag(r.ReadByte(), id); break;
            case MqttPropertyId.RetainAvailable: p.RetainAvailable = Flag(r.ReadByte(), id); break;
            case MqttPropertyId.UserProperty: p.UserProperties.Add(new MqttUserProperty(r.ReadString(), r.ReadString())); break;
            case MqttPropertyId.MaximumPacketSize:
                var max = r.ReadUInt32();
                if (max == 0)
                {
                    throw new MqttProtocolException("Maximum packet size 0 is not allowed.", MqttReasonCode.ProtocolError);
                }

                p.MaximumPacketSize = max;
                break;
            case MqttPropertyId.WildcardSubscriptionAvailable: p.WildcardSubscriptionAvailable = Flag(r.ReadByte(), id); break;
            case MqttPropertyId.SubscriptionIdentifierAvailable: p.SubscriptionIdentifierAvailable = Flag(r.ReadByte(), id); break;
            case MqttPropertyId.SharedSubscriptionAvailable: p.SharedSubscriptionAvailable = Flag(r.ReadByte(), id); break;
            default: throw new MqttProtocolException($"Unknown property identifier 0x{(byte)id:X2}.");
        }
    }

    private static byte Flag(byte value, MqttPropertyId id) => value <= 1
        ? value
        : throw new MqttProtocolException($"Property {id} must be 0 or 1, not {value}.", MqttReasonCode.ProtocolError);

    private static ushort NonZero(ushort value, MqttPropertyId id) => value != 0
        ? value
        : throw new MqttProtocolException($"Property {id} must not be 0.", MqttReasonCode.ProtocolError);

    private static void WriteAll(MqttWriter w, MqttProperties p, MqttPacketType context)
    {
        Byte(w, MqttPropertyId.PayloadFormatIndicator, p.PayloadFormatIndicator, context);
        UInt32(w, MqttPropertyId.MessageExpiryInterval, p.MessageExpiryInterval, context);
        Text(w, MqttPropertyId.ContentType, p.ContentType, context);
        Text(w, MqttPropertyId.ResponseTopic, p.ResponseTopic, context);
        Binary(w, MqttPropertyId.CorrelationData, p.CorrelationData, context);
        foreach (var subscriptionId in p.SubscriptionIdentifiersOrEmpty)
        {
            if (subscriptionId is < 1 or > VariableByteInteger.MaxValue)
            {
                throw new MqttProtocolException("Subscription identifiers range from 1 to 268435455.", MqttReasonCode.ProtocolError);
            }

            Identifier(w, MqttPropertyId.SubscriptionIdentifier, context);
            w.WriteVariableByteInteger(subscriptionId);
        }

        UInt32(w, MqttPropertyId.SessionExpiryInterval, p.SessionExpiryInterval, context);
        Text(w, MqttPropertyId.AssignedClientIdentifier, p.AssignedClientIdentifier, context);
        UInt16(w, MqttPropertyId.ServerKeepAlive, p.ServerKeepAlive, context);
        Text(w, MqttPropertyId.AuthenticationMethod, p.AuthenticationMethod, context);
        Binary(w, MqttPropertyId.AuthenticationData, p.AuthenticationData, context);
        Byte(w, MqttPropertyId.RequestProblemInformation, p.RequestProblemInformation, context);
        UInt32(w, MqttPropertyId.WillDelayInterval, p.WillDelayInterval, context);
        Byte(w, MqttPropertyId.RequestResponseInformation, p.RequestResponseInformation, context);
        Text(w, MqttPropertyId.ResponseInformation, p.ResponseInformation, context);
        Text(w, MqttPropertyId.ServerReference, p.ServerReference, context);
        Text(w, MqttPropertyId.ReasonString, p.ReasonString, context);
        UInt16(w, MqttPropertyId.ReceiveMaximum, p.ReceiveMaximum, context);
        UInt16(w, MqttPropertyId.TopicAliasMaximum, p.TopicAliasMaximum, context);
        UInt16(w, MqttPropertyId.TopicAlias, p.TopicAlias, context);
        Byte(w, MqttPropertyId.MaximumQoS, p.MaximumQoS, context);
        Byte(w, MqttPropertyId.RetainAvailable, p.RetainAvailable, context);
        foreach (var user in p.UserPropertiesOrEmpty)
        {
            Identifier(w, MqttPropertyId.UserProperty, context);
            w.WriteString(user.Name);
            w.WriteString(user.Value);
        }

        UInt32(w, MqttPropertyId.MaximumPacketSize, p.MaximumPacketSize, context);
        Byte(w, MqttPropertyId.WildcardSubscriptionAvailable, p.WildcardSubscriptionAvailable, context);
        Byte(w, MqttPropertyId.SubscriptionIdentifierAvailable, p.SubscriptionIdentifierAvailable, context);
        Byte(w, MqttPropertyId.SharedSubscriptionAvailable, p.SharedSubscriptionAvailable, context);
    }

    /// <summary>Starts a property: refuses one the packet may not carry, then writes its identifier.</summary>
    private static void Identifier(MqttWriter w, MqttPropertyId id, MqttPacketType context)
    {
        if (!MqttPropertyRules.IsAllowed(id, context))
        {
            throw new MqttProtocolException($"Property {id} is not allowed in {Name(context)}.", MqttReasonCode.ProtocolError);
        }

        w.WriteByte((byte)id);
    }

    private static void Byte(MqttWriter w, MqttPropertyId id, byte? value, MqttPacketType context)
    {
        if (value is { } v)
        {
            Identifier(w, id, context);
            w.WriteByte(v);
        }
    }

    private static void UInt16(MqttWriter w, MqttPropertyId id, ushort? value, MqttPacketType context)
    {
        if (value is { } v)
        {
            Identifier(w, id, context);
            w.WriteUInt16(v);
        }
    }

    private static void UInt32(MqttWriter w, MqttPropertyId id, uint? value, MqttPacketType context)
    {
        if (value is { } v)
        {
            Identifier(w, id, context);
            w.WriteUInt32(v);
        }
    }

    private static void Text(MqttWriter w, MqttPropertyId id, string? value, MqttPacketType context)
    {
        if (value is not null)
        {
            Identifier(w, id, context);
            w.WriteString(value);
        }
    }

    private static void Binary(MqttWriter w, MqttPropertyId id, ReadOnlyMemory<byte>? value, MqttPacketType context)
    {
        if (value is { } v)
        {
            Identifier(w, id, context);
            w.WriteBinary(v.Span);
        }
    }
}
