using Microsoft.Extensions.Time.Testing;

namespace Dream.Mqtt.Tests.Client;

/// <summary>Client behaviour a real broker will not produce on demand, scripted byte by byte.</summary>
public sealed class FakeBrokerClientTests : IDisposable
{
    private readonly FakeBroker _broker = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _broker.Dispose();

    private MqttClientOptions Options(Action<MqttClientOptions>? configure = null)
    {
        var options = new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = _broker.Port,
            ClientId = "meter-1",
            TimeProvider = _time,
            ReconnectMinDelay = TimeSpan.Zero,
            ReconnectMaxDelay = TimeSpan.Zero,
        };
        configure?.Invoke(options);
        return options;
    }

    private async Task<(MqttClient Client, FakeBrokerConnection Server, ConnectPacket Connect)> ConnectAsync(
        ConnAckPacket? connAck = null, Action<MqttClientOptions>? configure = null)
    {
        var client = new MqttClient(Options(configure));
        var accept = _broker.AcceptAsync();
        var connecting = client.ConnectAsync();
        var server = await accept;
        var connect = await server.AcceptClientAsync(connAck);
        await connecting.Within();
        return (client, server, connect);
    }

    [Fact]
    public async Task Connect_sends_credentials_will_session_expiry_and_our_limits()
    {
        var (client, _, connect) = await ConnectAsync(configure: o =>
        {
            o.Username = "device";
            o.Password = "pw";
            o.CleanStart = true;
            o.SessionExpiryInterval = 3600;
            o.ReceiveMaximum = 7;
            o.MaximumPacketSize = 5000;
            o.KeepAlive = TimeSpan.FromSeconds(45);
            o.Will = new MqttMessage { Topic = "dream/v1/meter-1/status", Payload = "offline"u8.ToArray(), QoS = MqttQualityOfService.AtLeastOnce, Retain = true };
        });
        await using var _ = client;
        Assert.Equal("meter-1", connect.ClientId);
        Assert.True(connect.CleanStart);
        Assert.Equal(45, connect.KeepAliveSeconds);
        Assert.Equal("device", connect.Username);
        Assert.Equal("pw", Encoding.UTF8.GetString(connect.Password!.Value.Span));
        Assert.Equal(3600u, connect.Properties.SessionExpiryInterval);
        Assert.Equal((ushort)7, connect.Properties.ReceiveMaximum);
        Assert.Equal(5000u, connect.Properties.MaximumPacketSize);
        Assert.Equal("dream/v1/meter-1/status", connect.Will!.Topic);
        Assert.True(connect.Will.Retain);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task A_refused_connack_raises_a_connect_exception_with_the_reason()
    {
        await using var client = new MqttClient(Options());
        var accept = _broker.AcceptAsync();
        var connecting = client.ConnectAsync();
        var server = await accept;
        await server.AcceptClientAsync(new ConnAckPacket { ReasonCode = MqttReasonCode.BadUserNameOrPassword });
        var error = await Assert.ThrowsAsync<MqttConnectException>(() => connecting.Within());
        Assert.Equal(MqttReasonCode.BadUserNameOrPassword, error.ReasonCode);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task A_publish_queued_while_the_first_connect_fails_is_handed_back()
    {
        await using var client = new MqttClient(Options());
        var accept = _broker.AcceptAsync();
        var connecting = client.ConnectAsync();
        var queued = client.PublishAsync("t", "x"u8.ToArray());
        var server = await accept;
        await server.AcceptClientAsync(new ConnAckPacket { ReasonCode = MqttReasonCode.ServerUnavailable });
        await Assert.ThrowsAsync<MqttConnectException>(() => connecting.Within());
        await Assert.ThrowsAsync<MqttNotAcknowledgedException>(() => queued.Within());
    }

    [Fact]
    public async Task Server_keep_alive_overrides_ours_and_a_missing_pingresp_ends_the_connection()
    {
        var (client, server, connect) = await ConnectAsync(
            new ConnAckPacket { Properties = new MqttProperties { ServerKeepAlive = 5 } },
            o =>
            {
                o.KeepAlive = TimeSpan.FromSeconds(60);
                o.AutoReconnect = false;
            });
        await using var _ = client;
        Assert.Equal(60, connect.KeepAliveSeconds);
        var disconnected = new TaskCompletionSource<MqttDisconnectedEventArgs>();
        client.Disconnected += (_, e) => disconnected.TrySetResult(e);

        _time.Advance(TimeSpan.FromSeconds(5));
        await server.ReadAsync<PingReqPacket>().Within();
        await server.SendAsync(PingRespPacket.Instance);
        // The read loop handles packets in order: once this PUBLISH is acknowledged, the PINGRESP was seen.
        await server.SendAsync(new PublishPacket { Topic = "sync", QoS = MqttQualityOfService.AtLeastOnce, PacketId = 1 });
        await server.ReadAsync<PubAckPacket>();
        _time.Advance(TimeSpan.FromSeconds(5));
        await server.ReadAsync<PingReqPacket>().Within();

        // No PINGRESP this time: the next tick gives up on the connection.
        _time.Advance(TimeSpan.FromSeconds(5));
        var closed = await disconnected.Task.Within();
        Assert.Equal(MqttReasonCode.KeepAliveTimeout, closed.ReasonCode);
        Assert.False(closed.WillReconnect);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Publish_completes_with_the_puback_reason_code()
    {
        var (client, server, _) = await ConnectAsync();
        await using var _ = client;
        var publishing = client.PublishAsync("dream/v1/meter-2/readings", new byte[] { 1, 2, 3 });
        var publish = await server.ReadAsync<PublishPacket>();
        Assert.Equal(MqttQualityOfService.AtLeastOnce, publish.QoS);
        Assert.NotEqual(0, publish.PacketId);
        Assert.Equal(new byte[] { 1, 2, 3 }, publish.Payload.ToArray());
        await server.SendAsync(new PubAckPacket { PacketId = publish.PacketId, ReasonCode = MqttReasonCode.NotAuthorized, Properties = new MqttProperties { ReasonString = "acl" } });
        var result = await publishing.Within();
        Assert.Equal(MqttReasonCode.NotAuthorized, result.ReasonCode);
        Assert.Equal("acl", result.ReasonString);
        Assert.False(result.IsSuccess);
    }

    [Fact]
    public async Task Receive_maximum_one_holds_the_second_publish_until_the_first_is_acknowledged()
    {
        var (client, server, _) = await ConnectAsync(new ConnAckPacket { Properties = new MqttProperties { ReceiveMaximum = 1 } });
        await using var _ = client;
        var first = client.PublishAsync("t/1", "a"u8.ToArray());
        var second = client.PublishAsync("t/2", "b"u8.ToArray());
        var third = client.PublishAsync("t/3", "c"u8.ToArray());
        var subscribing = client.SubscribeAsync("x/#");
        var p1 = await server.ReadAsync<PublishPacket>();
        Assert.Equal("t/1", p1.Topic);
        // SUBSCRIBE is not subject to the quota, so it overtakes the held publishes.
        var subscribe = await server.ReadAsync<SubscribePacket>();
        await server.SendAsync(new SubAckPacket { PacketId = subscribe.PacketId, ReasonCodes = [MqttReasonCode.GrantedQoS1] });
        await subscribing.Within();
        Assert.False(second.IsCompleted);
        await server.SendAsync(new PubAckPacket { PacketId = p1.PacketId });
        var p2 = await server.ReadAsync<PublishPacket>();
        Assert.Equal("t/2", p2.Topic);
        await server.SendAsync(new PubAckPacket { PacketId = p2.PacketId });
        var p3 = await server.ReadAsync<PublishPacket>();
        Assert.Equal("t/3", p3.Topic);
        await server.SendAsync(new PubAckPacket { PacketId = p3.PacketId });
        Assert.True((await Task.WhenAll(first, second, third).Within()).All(r => r.IsSuccess));
    }

    [Fact]
    public async Task Lost_puback_is_resent_with_dup_when_the_session_is_resumed()
    {
        var (client, server, _) = await ConnectAsync(configure: o => o.SessionExpiryInterval = 600);
        await using var _ = client;
        var reconnected = new TaskCompletionSource<MqttConnectedEventArgs>();
        client.Connected += (_, e) => reconnected.TrySetResult(e);
        var acknowledged = client.PublishAsync("t/a", "1"u8.ToArray());
        var lost = client.PublishAsync("t/b", "2"u8.ToArray());
        var p1 = await server.ReadAsync<PublishPacket>();
        var p2 = await server.ReadAsync<PublishPacket>();
        await server.SendAsync(new PubAckPacket { PacketId = p1.PacketId });
        Assert.True((await acknowledged.Within()).IsSuccess);

        // The broker goes away mid-flight: p2's PUBACK never comes.
        var accept = _broker.AcceptAsync();
        server.Dispose();
        var server2 = await accept;
        var connect = await server2.AcceptClientAsync(new ConnAckPacket { SessionPresent = true });
        Assert.False(connect.CleanStart);
        var resent = await server2.ReadAsync<PublishPacket>();
        Assert.True(resent.Dup);
        Assert.Equal(p2.PacketId, resent.PacketId);
        Assert.Equal("t/b", resent.Topic);
        Assert.False(lost.IsCompleted);
        await server2.SendAsync(new PubAckPacket { PacketId = resent.PacketId });
        Assert.True((await lost.Within()).IsSuccess);
        var e = await reconnected.Task.Within();
        Assert.True(e.IsReconnect);
        Assert.True(e.Result.SessionPresent);
    }

    [Fact]
    public async Task Without_the_session_in_flight_publishes_fail_as_not_acknowledged_and_subscriptions_are_restored()
    {
        var (client, server, _) = await ConnectAsync();
        await using var _ = client;
        var subscribing = client.SubscribeAsync([new MqttSubscription("$share/ledger/dream/v1/+/readings", NoLocal: false)]);
        var subscribe = await server.ReadAsync<SubscribePacket>();
        await server.SendAsync(new SubAckPacket { PacketId = subscribe.PacketId, ReasonCodes = [MqttReasonCode.GrantedQoS1] });
        await subscribing.Within();

        var pending = client.PublishAsync("t/b", "2"u8.ToArray());
        await server.ReadAsync<PublishPacket>();
        var disconnects = new List<MqttDisconnectedEventArgs>();
        client.Disconnected += (_, e) => disconnects.Add(e);
        var accept = _broker.AcceptAsync();
        server.Dispose();
        var server2 = await accept;
        await server2.AcceptClientAsync(new ConnAckPacket { SessionPresent = false });
        await Assert.ThrowsAsync<MqttNotAcknowledgedException>(() => pending.Within());
        var again = await server2.ReadAsync<SubscribePacket>();
        Assert.Equal("$share/ledger/dream/v1/+/readings", Assert.Single(again.Subscriptions).TopicFilter);
        Assert.True(Assert.Single(disconnects).WillReconnect);
    }

    [Fact]
    public async Task A_malformed_packet_from_the_server_gets_disconnect_malformed_and_closes()
    {
        var (client, server, _) = await ConnectAsync(configure: o => o.AutoReconnect = false);
        await using var _ = client;
        var disconnected = new TaskCompletionSource<MqttDisconnectedEventArgs>();
        client.Disconnected += (_, e) => disconnected.TrySetResult(e);
        await server.SendRawAsync([0x36, 0x03, 0x00, 0x01, (byte)'a']); // PUBLISH with QoS 3
        var packets = await server.ReadUntilClosedAsync().Within();
        var disconnect = Assert.IsType<DisconnectPacket>(Assert.Single(packets));
        Assert.Equal(MqttReasonCode.MalformedPacket, disconnect.ReasonCode);
        var e = await disconnected.Task.Within();
        Assert.Equal(MqttReasonCode.MalformedPacket, e.ReasonCode);
        Assert.IsType<MqttProtocolException>(e.Exception);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.PublishAsync("t", "x"u8.ToArray()));
    }

    [Fact]
    public async Task A_packet_larger_than_our_maximum_is_a_protocol_error()
    {
        var (client, server, _) = await ConnectAsync(configure: o =>
        {
            o.MaximumPacketSize = 100;
            o.AutoReconnect = false;
        });
        await using var _ = client;
        await server.SendAsync(new PublishPacket { Topic = "big", Payload = new byte[200] });
        var packets = await server.ReadUntilClosedAsync().Within();
        Assert.Equal(MqttReasonCode.PacketTooLarge, Assert.IsType<DisconnectPacket>(Assert.Single(packets)).ReasonCode);
        Assert.Equal(0, client.Messages.Count);
    }

    [Fact]
    public async Task A_publish_larger_than_the_servers_maximum_is_refused_before_sending()
    {
        var (client, server, _) = await ConnectAsync(new ConnAckPacket { Properties = new MqttProperties { MaximumPacketSize = 100 } });
        await using var _ = client;
        var error = await Assert.ThrowsAsync<MqttProtocolException>(() => client.PublishAsync("t", new byte[200]));
        Assert.Equal(MqttReasonCode.PacketTooLarge, error.ReasonCode);
        var ok = client.PublishAsync("t", new byte[10]);
        var publish = await server.ReadAsync<PublishPacket>();
        await server.SendAsync(new PubAckPacket { PacketId = publish.PacketId });
        Assert.True((await ok.Within()).IsSuccess);
    }

    [Fact]
    public async Task Server_disconnect_reason_is_reported_and_the_client_reconnects()
    {
        var (client, server, _) = await ConnectAsync();
        await using var _ = client;
        var disconnected = new TaskCompletionSource<MqttDisconnectedEventArgs>();
        var reconnecting = new TaskCompletionSource<MqttReconnectingEventArgs>();
        client.Disconnected += (_, e) => disconnected.TrySetResult(e);
        client.Reconnecting += (_, e) => reconnecting.TrySetResult(e);
        var accept = _broker.AcceptAsync();
        await server.SendAsync(new DisconnectPacket { ReasonCode = MqttReasonCode.ServerShuttingDown, Properties = new MqttProperties { ReasonString = "maintenance" } });
        var e = await disconnected.Task.Within();
        Assert.Equal(MqttReasonCode.ServerShuttingDown, e.ReasonCode);
        Assert.Equal("maintenance", e.ReasonString);
        Assert.True(e.WillReconnect);
        Assert.Equal(1, (await reconnecting.Task.Within()).Attempt);
        var server2 = await accept;
        await server2.AcceptClientAsync();
        var publishing = client.PublishAsync("t", "x"u8.ToArray());
        var publish = await server2.ReadAsync<PublishPacket>();
        await server2.SendAsync(new PubAckPacket { PacketId = publish.PacketId });
        Assert.True((await publishing.Within()).IsSuccess);
    }

    [Fact]
    public async Task Incoming_qos1_is_acknowledged_once_buffered_and_a_full_buffer_holds_the_rest()
    {
        var (client, server, _) = await ConnectAsync(configure: o => o.MessageBufferCapacity = 1);
        await using var _ = client;
        for (ushort id = 1; id <= 3; id++)
        {
            await server.SendAsync(new PublishPacket { Topic = $"in/{id}", QoS = MqttQualityOfService.AtLeastOnce, PacketId = id, Payload = new[] { (byte)id } });
        }

        Assert.Equal(1, (await server.ReadAsync<PubAckPacket>()).PacketId);
        Assert.Equal(1, client.Messages.Count);
        var first = await client.Messages.ReadAsync().Within();
        Assert.Equal("in/1", first.Topic);
        Assert.Equal(2, (await server.ReadAsync<PubAckPacket>()).PacketId);
        Assert.Equal("in/2", (await client.Messages.ReadAsync().Within()).Topic);
        Assert.Equal(3, (await server.ReadAsync<PubAckPacket>()).PacketId);
        var third = await client.Messages.ReadAsync().Within();
        Assert.Equal(MqttQualityOfService.AtLeastOnce, third.QoS);
        Assert.Equal(new byte[] { 3 }, third.Payload.ToArray());
    }

    [Fact]
    public async Task Qos2_both_ways()
    {
        var (client, server, _) = await ConnectAsync();
        await using var _ = client;
        var publishing = client.PublishAsync("t/q2", "x"u8.ToArray(), MqttQualityOfService.ExactlyOnce);
        var publish = await server.ReadAsync<PublishPacket>();
        Assert.Equal(MqttQualityOfService.ExactlyOnce, publish.QoS);
        await server.SendAsync(new PubRecPacket { PacketId = publish.PacketId });
        var release = await server.ReadAsync<PubRelPacket>();
        Assert.Equal(publish.PacketId, release.PacketId);
        Assert.False(publishing.IsCompleted);
        await server.SendAsync(new PubCompPacket { PacketId = publish.PacketId });
        Assert.True((await publishing.Within()).IsSuccess);

        // Incoming QoS 2, sent twice (DUP): delivered once.
        await server.SendAsync(new PublishPacket { Topic = "in", QoS = MqttQualityOfService.ExactlyOnce, PacketId = 9, Payload = "y"u8.ToArray() });
        Assert.Equal(9, (await server.ReadAsync<PubRecPacket>()).PacketId);
        await server.SendAsync(new PublishPacket { Topic = "in", QoS = MqttQualityOfService.ExactlyOnce, PacketId = 9, Dup = true, Payload = "y"u8.ToArray() });
        Assert.Equal(9, (await server.ReadAsync<PubRecPacket>()).PacketId);
        await server.SendAsync(new PubRelPacket { PacketId = 9 });
        Assert.Equal(MqttReasonCode.Success, (await server.ReadAsync<PubCompPacket>()).ReasonCode);
        Assert.Equal("in", (await client.Messages.ReadAsync().Within()).Topic);
        Assert.Equal(0, client.Messages.Count);
    }

    [Fact]
    public async Task Disconnect_sends_the_reason_and_fails_unacknowledged_publishes()
    {
        var (client, server, _) = await ConnectAsync();
        var pending = client.PublishAsync("t", "x"u8.ToArray());
        await server.ReadAsync<PublishPacket>();
        await client.DisconnectAsync(MqttReasonCode.DisconnectWithWillMessage).Within();
        await Assert.ThrowsAsync<MqttNotAcknowledgedException>(() => pending.Within());
        var packets = await server.ReadUntilClosedAsync().Within();
        Assert.Equal(MqttReasonCode.DisconnectWithWillMessage, Assert.IsType<DisconnectPacket>(Assert.Single(packets)).ReasonCode);
        Assert.False(client.IsConnected);
        await client.DisposeAsync();
        Assert.False(await client.Messages.WaitToReadAsync().Within());
    }

    [Fact]
    public async Task A_refused_subscription_raises_with_the_reason_codes_and_is_not_restored()
    {
        var (client, server, _) = await ConnectAsync();
        await using var _ = client;
        var subscribing = client.SubscribeAsync([new MqttSubscription("ok/#"), new MqttSubscription("secret/#")]);
        var subscribe = await server.ReadAsync<SubscribePacket>();
        Assert.Equal(2, subscribe.Subscriptions.Count);
        await server.SendAsync(new SubAckPacket { PacketId = subscribe.PacketId, ReasonCodes = [MqttReasonCode.GrantedQoS1, MqttReasonCode.NotAuthorized] });
        var error = await Assert.ThrowsAsync<MqttSubscribeException>(() => subscribing.Within());
        Assert.Equal([MqttReasonCode.GrantedQoS1, MqttReasonCode.NotAuthorized], error.ReasonCodes);

        var accept = _broker.AcceptAsync();
        server.Dispose();
        var server2 = await accept;
        await server2.AcceptClientAsync();
        var restored = await server2.ReadAsync<SubscribePacket>();
        Assert.Equal("ok/#", Assert.Single(restored.Subscriptions).TopicFilter);
    }

    [Fact]
    public async Task Cancelling_a_publish_that_waits_for_a_send_slot_never_sends_it()
    {
        var (client, server, _) = await ConnectAsync(new ConnAckPacket { Properties = new MqttProperties { ReceiveMaximum = 1 } });
        await using var _ = client;
        var first = client.PublishAsync("t/1", "a"u8.ToArray());
        using var cancel = new CancellationTokenSource();
        var second = client.PublishAsync("t/2", "b"u8.ToArray(), cancellationToken: cancel.Token);
        var third = client.PublishAsync("t/3", "c"u8.ToArray());
        var p1 = await server.ReadAsync<PublishPacket>();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.Within());
        await server.SendAsync(new PubAckPacket { PacketId = p1.PacketId });
        var next = await server.ReadAsync<PublishPacket>();
        Assert.Equal("t/3", next.Topic);
        await server.SendAsync(new PubAckPacket { PacketId = next.PacketId });
        Assert.True((await third.Within()).IsSuccess);
        Assert.True((await first.Within()).IsSuccess);
    }

    [Fact]
    public async Task Reconnect_backs_off_exponentially_with_jitter_on_the_injected_clock()
    {
        var (client, server, _) = await ConnectAsync(configure: o =>
        {
            o.ReconnectMinDelay = TimeSpan.FromSeconds(1);
            o.ReconnectMaxDelay = TimeSpan.FromSeconds(3);
        });
        await using var _ = client;
        var attempts = System.Threading.Channels.Channel.CreateUnbounded<MqttReconnectingEventArgs>();
        var connected = new TaskCompletionSource<MqttConnectedEventArgs>();
        client.Reconnecting += (_, e) => attempts.Writer.TryWrite(e);
        client.Connected += (_, e) => connected.TrySetResult(e);

        _broker.StopListening();
        server.Dispose();
        var ceilings = new[] { 1.0, 2.0, 3.0, 3.0 };
        MqttReconnectingEventArgs attempt = null!;
        for (var n = 1; n <= ceilings.Length; n++)
        {
            attempt = await attempts.Reader.ReadAsync().Within();
            Assert.Equal(n, attempt.Attempt);
            Assert.InRange(attempt.Delay.TotalSeconds, ceilings[n - 1] / 2, ceilings[n - 1]);
            if (n > 1)
            {
                Assert.IsType<MqttConnectException>(attempt.PreviousFailure);
            }

            if (n < ceilings.Length)
            {
                // Nothing happens before the delay has passed on the injected clock.
                Assert.False(attempts.Reader.TryPeek(out var early), $"attempt {early?.Attempt} came early");
                _time.Advance(attempt.Delay);
            }
        }

        _broker.StartListening();
        var accept = _broker.AcceptAsync();
        _time.Advance(attempt.Delay);
        var server2 = await accept;
        await server2.AcceptClientAsync();
        Assert.True((await connected.Task.Within()).IsReconnect);
    }
}
