namespace Dream.Mqtt.Tests.Protocol;

public class PacketRoundTripTests
{
    private static T RoundTrip<T>(T packet)
        where T : MqttPacket
    {
        var bytes = MqttPacketEncoder.Encode(packet);
        Assert.True(MqttPacketDecoder.TryGetPacketLength(bytes.Span, int.MaxValue, out var length));
        Assert.Equal(bytes.Length, length);
        var decoded = MqttPacketDecoder.Decode(bytes.Span);
        var typed = Assert.IsType<T>(decoded);
        // Encoding the decoded packet again must give the very same bytes.
        Assert.Equal(bytes.ToArray(), MqttPacketEncoder.Encode(typed).ToArray());
        return typed;
    }

    [Fact]
    public void Connect_with_will_credentials_and_properties()
    {
        var packet = new ConnectPacket
        {
            ClientId = "meter-1",
            CleanStart = true,
            KeepAliveSeconds = 30,
            Username = "user",
            Password = Encoding.UTF8.GetBytes("secret"),
            Properties = new MqttProperties { SessionExpiryInterval = 3600, ReceiveMaximum = 10, MaximumPacketSize = 1000, TopicAliasMaximum = 0, RequestProblemInformation = 1 },
            Will = new MqttMessage
            {
                Topic = "dream/v1/meter-1/status",
                Payload = Encoding.UTF8.GetBytes("offline"),
                QoS = MqttQualityOfService.AtLeastOnce,
                Retain = true,
                Properties = new MqttProperties { WillDelayInterval = 5, ContentType = "text/plain", PayloadFormatIndicator = 1 },
            },
        };
        packet.Properties.UserProperties.Add(new MqttUserProperty("k", "v"));
        var decoded = RoundTrip(packet);
        Assert.Equal("meter-1", decoded.ClientId);
        Assert.True(decoded.CleanStart);
        Assert.Equal(30, decoded.KeepAliveSeconds);
        Assert.Equal("user", decoded.Username);
        Assert.Equal("secret", Encoding.UTF8.GetString(decoded.Password!.Value.Span));
        Assert.Equal(3600u, decoded.Properties.SessionExpiryInterval);
        Assert.Equal((ushort)10, decoded.Properties.ReceiveMaximum);
        Assert.Equal(new MqttUserProperty("k", "v"), Assert.Single(decoded.Properties.UserProperties));
        Assert.NotNull(decoded.Will);
        Assert.Equal("dream/v1/meter-1/status", decoded.Will.Topic);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, decoded.Will.QoS);
        Assert.True(decoded.Will.Retain);
        Assert.Equal(5u, decoded.Will.Properties.WillDelayInterval);
        Assert.Equal("offline", Encoding.UTF8.GetString(decoded.Will.Payload.Span));
    }

    [Fact]
    public void Connect_minimal_matches_the_spec_bytes()
    {
        var bytes = MqttPacketEncoder.Encode(new ConnectPacket { ClientId = "a", KeepAliveSeconds = 60 });
        byte[] expected = [0x10, 14, 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 5, 0, 0, 60, 0, 0, 1, (byte)'a'];
        Assert.Equal(expected, bytes.ToArray());
    }

    [Fact]
    public void ConnAck_with_server_properties()
    {
        var packet = new ConnAckPacket
        {
            SessionPresent = true,
            ReasonCode = MqttReasonCode.Success,
            Properties = new MqttProperties
            {
                ServerKeepAlive = 5,
                ReceiveMaximum = 1,
                MaximumQoS = 1,
                RetainAvailable = 1,
                MaximumPacketSize = 4096,
                AssignedClientIdentifier = "auto-1",
                TopicAliasMaximum = 10,
                WildcardSubscriptionAvailable = 1,
                SubscriptionIdentifierAvailable = 0,
                SharedSubscriptionAvailable = 1,
                ReasonString = "welcome",
                ResponseInformation = "info",
                ServerReference = "other",
                AuthenticationMethod = "none",
                AuthenticationData = new byte[] { 1, 2 },
                SessionExpiryInterval = 10,
            },
        };
        var decoded = RoundTrip(packet);
        Assert.True(decoded.SessionPresent);
        Assert.Equal((ushort)5, decoded.Properties.ServerKeepAlive);
        Assert.Equal((ushort)1, decoded.Properties.ReceiveMaximum);
        Assert.Equal("auto-1", decoded.Properties.AssignedClientIdentifier);
        Assert.Equal(new byte[] { 1, 2 }, decoded.Properties.AuthenticationData!.Value.ToArray());
    }

    [Theory]
    [InlineData(MqttQualityOfService.AtMostOnce, false, (ushort)0)]
    [InlineData(MqttQualityOfService.AtLeastOnce, true, (ushort)7)]
    [InlineData(MqttQualityOfService.ExactlyOnce, false, (ushort)65535)]
    public void Publish_at_each_qos(MqttQualityOfService qos, bool dup, ushort packetId)
    {
        var packet = new PublishPacket
        {
            Topic = "dream/v1/d/readings",
            Payload = new byte[] { 0, 1, 2, 255 },
            QoS = qos,
            Dup = dup,
            Retain = true,
            PacketId = packetId,
            Properties = new MqttProperties
            {
                PayloadFormatIndicator = 0,
                MessageExpiryInterval = 60,
                ContentType = "application/octet-stream",
                ResponseTopic = "reply/here",
                CorrelationData = new byte[] { 9 },
                TopicAlias = 3,
            },
        };
        packet.Properties.SubscriptionIdentifiers.Add(1);
        packet.Properties.SubscriptionIdentifiers.Add(268435455);
        var decoded = RoundTrip(packet);
        Assert.Equal(qos, decoded.QoS);
        Assert.Equal(dup, decoded.Dup);
        Assert.True(decoded.Retain);
        Assert.Equal(packetId, decoded.PacketId);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, decoded.Payload.ToArray());
        Assert.Equal(new[] { 1, 268435455 }, decoded.Properties.SubscriptionIdentifiers);
        Assert.Equal("reply/here", decoded.Properties.ResponseTopic);
    }

    [Fact]
    public void Publish_responses_omit_trailers_that_say_nothing()
    {
        Assert.Equal(new byte[] { 0x40, 2, 0, 5 }, MqttPacketEncoder.Encode(new PubAckPacket { PacketId = 5 }).ToArray());
        Assert.Equal(new byte[] { 0x40, 3, 0, 5, 0x87 }, MqttPacketEncoder.Encode(new PubAckPacket { PacketId = 5, ReasonCode = MqttReasonCode.NotAuthorized }).ToArray());
        Assert.Equal(new byte[] { 0x62, 2, 0, 5 }, MqttPacketEncoder.Encode(new PubRelPacket { PacketId = 5 }).ToArray());
    }

    [Fact]
    public void Every_publish_response_type()
    {
        var properties = new MqttProperties { ReasonString = "why" };
        properties.UserProperties.Add(new MqttUserProperty("a", "b"));
        Assert.Equal(MqttReasonCode.NotAuthorized, RoundTrip(new PubAckPacket { PacketId = 1, ReasonCode = MqttReasonCode.NotAuthorized, Properties = properties }).ReasonCode);
        Assert.Equal("why", RoundTrip(new PubRecPacket { PacketId = 2, ReasonCode = MqttReasonCode.NoMatchingSubscribers, Properties = properties }).Properties.ReasonString);
        Assert.Equal(MqttReasonCode.PacketIdentifierNotFound, RoundTrip(new PubRelPacket { PacketId = 3, ReasonCode = MqttReasonCode.PacketIdentifierNotFound }).ReasonCode);
        Assert.Equal((ushort)4, RoundTrip(new PubCompPacket { PacketId = 4 }).PacketId);
    }

    [Fact]
    public void Subscribe_with_options_and_a_shared_filter()
    {
        var packet = new SubscribePacket
        {
            PacketId = 10,
            Properties = new MqttProperties(),
            Subscriptions =
            [
                new MqttSubscription("$share/ledger/dream/v1/+/readings", MqttQualityOfService.AtLeastOnce),
                new MqttSubscription("a/#", MqttQualityOfService.ExactlyOnce, NoLocal: true, RetainAsPublished: true, MqttRetainHandling.DoNotSend),
            ],
        };
        packet.Properties.SubscriptionIdentifiers.Add(42);
        var decoded = RoundTrip(packet);
        Assert.Equal(packet.Subscriptions, decoded.Subscriptions);
        Assert.Equal(42, Assert.Single(decoded.Properties.SubscriptionIdentifiers));
    }

    [Fact]
    public void SubAck_UnsubAck_and_Unsubscribe()
    {
        var subAck = RoundTrip(new SubAckPacket { PacketId = 10, ReasonCodes = [MqttReasonCode.GrantedQoS1, MqttReasonCode.NotAuthorized] });
        Assert.Equal(new[] { MqttReasonCode.GrantedQoS1, MqttReasonCode.NotAuthorized }, subAck.ReasonCodes);
        var unsubscribe = RoundTrip(new UnsubscribePacket { PacketId = 11, TopicFilters = ["a/+", "b/#"] });
        Assert.Equal(new[] { "a/+", "b/#" }, unsubscribe.TopicFilters);
        var unsubAck = RoundTrip(new UnsubAckPacket { PacketId = 11, ReasonCodes = [MqttReasonCode.Success, MqttReasonCode.NoSubscriptionExisted] });
        Assert.Equal(MqttReasonCode.NoSubscriptionExisted, unsubAck.ReasonCodes[1]);
    }

    [Fact]
    public void Ping_disconnect_and_auth()
    {
        Assert.Equal(new byte[] { 0xC0, 0 }, MqttPacketEncoder.Encode(PingReqPacket.Instance).ToArray());
        Assert.Equal(new byte[] { 0xD0, 0 }, MqttPacketEncoder.Encode(PingRespPacket.Instance).ToArray());
        RoundTrip(PingReqPacket.Instance);
        RoundTrip(PingRespPacket.Instance);
        Assert.Equal(new byte[] { 0xE0, 0 }, MqttPacketEncoder.Encode(new DisconnectPacket()).ToArray());
        var disconnect = RoundTrip(new DisconnectPacket
        {
            ReasonCode = MqttReasonCode.ServerShuttingDown,
            Properties = new MqttProperties { ReasonString = "bye", SessionExpiryInterval = 0, ServerReference = "x" },
        });
        Assert.Equal(MqttReasonCode.ServerShuttingDown, disconnect.ReasonCode);
        Assert.Equal("bye", disconnect.Properties.ReasonString);
        var auth = RoundTrip(new AuthPacket
        {
            ReasonCode = MqttReasonCode.ContinueAuthentication,
            Properties = new MqttProperties { AuthenticationMethod = "SCRAM", AuthenticationData = new byte[] { 7 } },
        });
        Assert.Equal("SCRAM", auth.Properties.AuthenticationMethod);
    }

    [Fact]
    public void Empty_and_maximum_length_strings()
    {
        var longest = new string('x', 65535);
        var decoded = RoundTrip(new PublishPacket { Topic = "t", Properties = new MqttProperties { ContentType = string.Empty, ResponseTopic = longest } });
        Assert.Equal(string.Empty, decoded.Properties.ContentType);
        Assert.Equal(longest, decoded.Properties.ResponseTopic);
        Assert.Equal(string.Empty, RoundTrip(new ConnectPacket { ClientId = string.Empty }).ClientId);
        Assert.Throws<MqttProtocolException>(() => MqttPacketEncoder.Encode(new PublishPacket { Topic = longest + "x" }));
    }

    [Fact]
    public void Payload_across_segments_decodes_from_a_sequence()
    {
        var bytes = MqttPacketEncoder.Encode(new PublishPacket { Topic = "t", Payload = new byte[300], QoS = MqttQualityOfService.AtLeastOnce, PacketId = 9 });
        var sequence = TestSequence.Split(bytes.ToArray(), 7);
        var decoded = Assert.IsType<PublishPacket>(MqttPacketDecoder.Decode(sequence));
        Assert.Equal(300, decoded.Payload.Length);
    }
}
