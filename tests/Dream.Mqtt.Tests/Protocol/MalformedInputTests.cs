namespace Dream.Mqtt.Tests.Protocol;

public class MalformedInputTests
{
    private static readonly MqttPacket[] Samples =
    [
        new ConnectPacket { ClientId = "c", Username = "u", Password = new byte[] { 1 }, Will = new MqttMessage { Topic = "w", Payload = new byte[] { 2 } } },
        new ConnAckPacket { Properties = new MqttProperties { ServerKeepAlive = 3, ReasonString = "r" } },
        new PublishPacket { Topic = "a/b", QoS = MqttQualityOfService.AtLeastOnce, PacketId = 3, Payload = new byte[] { 1, 2, 3 }, Properties = new MqttProperties { ContentType = "x" } },
        new PubAckPacket { PacketId = 2, ReasonCode = MqttReasonCode.NotAuthorized, Properties = new MqttProperties { ReasonString = "no" } },
        new SubscribePacket { PacketId = 4, Subscriptions = [new MqttSubscription("a/+")] },
        new SubAckPacket { PacketId = 4, ReasonCodes = [MqttReasonCode.GrantedQoS1] },
        new UnsubscribePacket { PacketId = 5, TopicFilters = ["a/+"] },
        new DisconnectPacket { ReasonCode = MqttReasonCode.ServerBusy, Properties = new MqttProperties { ReasonString = "busy" } },
        new AuthPacket { ReasonCode = MqttReasonCode.ContinueAuthentication, Properties = new MqttProperties { AuthenticationMethod = "m" } },
    ];

    private static void OnlyProtocolErrors(byte[] bytes)
    {
        try
        {
            MqttPacketDecoder.Decode(bytes);
        }
        catch (MqttProtocolException)
        {
            // The one exception the decoder may raise.
        }
    }

    [Fact]
    public void Every_truncation_of_valid_packets_raises_the_protocol_exception()
    {
        foreach (var sample in Samples)
        {
            var bytes = MqttPacketEncoder.Encode(sample).ToArray();
            for (var length = 0; length < bytes.Length; length++)
            {
                Assert.Throws<MqttProtocolException>(() => MqttPacketDecoder.Decode(bytes.AsSpan(0, length)));
            }
        }
    }

    [Fact]
    public void Truncated_bodies_with_a_consistent_header_raise_the_protocol_exception()
    {
        foreach (var sample in Samples)
        {
            var bytes = MqttPacketEncoder.Encode(sample).ToArray();
            var headerLength = bytes.Length - bytes[1];
            for (var cut = 1; cut < bytes[1]; cut++)
            {
                var shorter = bytes[..(bytes.Length - cut)];
                shorter[1] = (byte)(bytes[1] - cut);
                OnlyProtocolErrors(shorter);
                Assert.Equal(2, headerLength);
            }
        }
    }

    [Fact]
    public void Random_bytes_and_bit_flips_raise_only_the_protocol_exception()
    {
        var random = new Random(12345);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            OnlyProtocolErrors(bytes);
        }

        foreach (var sample in Samples)
        {
            var valid = MqttPacketEncoder.Encode(sample).ToArray();
            for (var i = 0; i < 2_000; i++)
            {
                var mutated = (byte[])valid.Clone();
                var index = random.Next(mutated.Length);
                mutated[index] ^= (byte)(1 << random.Next(8));
                OnlyProtocolErrors(mutated);
            }
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x00 })] // reserved packet type
    [InlineData(new byte[] { 0x41, 0x02, 0x00, 0x01 })] // PUBACK with flags
    [InlineData(new byte[] { 0x36, 0x03, 0x00, 0x01, (byte)'a' })] // PUBLISH QoS 3
    [InlineData(new byte[] { 0x38, 0x04, 0x00, 0x01, (byte)'a', 0x00 })] // QoS 0 with DUP
    [InlineData(new byte[] { 0x40, 0x02, 0x00, 0x00 })] // packet id 0
    [InlineData(new byte[] { 0x40, 0x03, 0x00, 0x01, 0x7E })] // unknown reason code
    [InlineData(new byte[] { 0x30, 0x05, 0x00, 0x01, (byte)'#', 0x00, 0x00 })] // wildcard in topic name
    [InlineData(new byte[] { 0x30, 0x05, 0x00, 0x01, 0xFF, 0x00, 0x00 })] // invalid UTF-8
    [InlineData(new byte[] { 0x30, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00 })] // U+0000 in topic
    [InlineData(new byte[] { 0x30, 0x07, 0x00, 0x01, (byte)'a', 0x02, 0x13, 0x00, 0x05 })] // Server Keep Alive in PUBLISH
    [InlineData(new byte[] { 0x30, 0x08, 0x00, 0x01, (byte)'a', 0x04, 0x01, 0x01, 0x01, 0x01 })] // duplicate property
    [InlineData(new byte[] { 0x30, 0x06, 0x00, 0x01, (byte)'a', 0x02, 0x01, 0x02 })] // payload format 2
    [InlineData(new byte[] { 0xC0, 0x01, 0x00 })] // PINGREQ with a body
    [InlineData(new byte[] { 0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F })] // five-byte remaining length
    public void Specific_malformations_are_refused(byte[] bytes)
    {
        Assert.Throws<MqttProtocolException>(() => MqttPacketDecoder.Decode(bytes));
    }

    [Fact]
    public void Maximum_packet_size_is_enforced_when_decoding_and_encoding()
    {
        var packet = new PublishPacket { Topic = "t", Payload = new byte[100] };
        var bytes = MqttPacketEncoder.Encode(packet);
        Assert.Equal(106, bytes.Length);
        Assert.NotNull(MqttPacketDecoder.Decode(bytes.Span, 106));
        var tooLarge = Assert.Throws<MqttProtocolException>(() => MqttPacketDecoder.Decode(bytes.Span, 105));
        Assert.Equal(MqttReasonCode.PacketTooLarge, tooLarge.ReasonCode);
        // The framing check fires from the header alone, before the body has arrived.
        Assert.Throws<MqttProtocolException>(() => MqttPacketDecoder.TryGetPacketLength(bytes.Span[..3], 105, out _));
        var outgoing = Assert.Throws<MqttProtocolException>(() => MqttPacketEncoder.Encode(packet, 105));
        Assert.Equal(MqttReasonCode.PacketTooLarge, outgoing.ReasonCode);
        Assert.Equal(106, MqttPacketEncoder.Encode(packet, 106).Length);
    }

    [Theory]
    [InlineData("a/#/b")]
    [InlineData("a/b#")]
    [InlineData("a+/b")]
    [InlineData("$share/g")]
    [InlineData("$share//a")]
    [InlineData("")]
    public void Invalid_topic_filters_are_refused_when_encoding(string filter)
    {
        Assert.Throws<MqttProtocolException>(() => MqttPacketEncoder.Encode(new SubscribePacket { PacketId = 1, Subscriptions = [new MqttSubscription(filter)] }));
    }

    [Fact]
    public void No_local_on_a_shared_subscription_is_refused()
    {
        var error = Assert.Throws<MqttProtocolException>(() => MqttPacketEncoder.Encode(new SubscribePacket
        {
            PacketId = 1,
            Subscriptions = [new MqttSubscription("$share/ledger/a/b", NoLocal: true)],
        }));
        Assert.Equal(MqttReasonCode.ProtocolError, error.ReasonCode);
    }
}
