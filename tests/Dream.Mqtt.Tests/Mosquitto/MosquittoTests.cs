using System.Collections.Concurrent;
using System.Security.Authentication;

namespace Dream.Mqtt.Tests.Mosquitto;

/// <summary>The client against a real Mosquitto 2, cross-checked with mosquitto_pub and mosquitto_sub.</summary>
public sealed class MosquittoTests(MosquittoFixture fixture) : IClassFixture<MosquittoFixture>
{
    private MosquittoProcess Broker => fixture.Broker;

    private static async Task<MqttClient> ConnectedAsync(MqttClientOptions options)
    {
        var client = new MqttClient(options);
        await client.ConnectAsync().Within();
        return client;
    }

    /// <summary>device1 on the TLS listener, trusting <paramref name="caFile"/>, with its client certificate unless told otherwise.</summary>
    private MqttClientOptions TlsOptions(string caFile, bool withClientCertificate = true)
    {
        var options = Broker.ClientOptions("device1");
        options.Port = Broker.TlsPort;
        options.Tls = withClientCertificate
            ? new MqttTlsOptions { CaFile = caFile, ClientCertificateFile = Broker.ClientCertificateFile, ClientKeyFile = Broker.ClientKeyFile }
            : new MqttTlsOptions { CaFile = caFile };
        return options;
    }

    private static async Task<List<MqttMessage>> ReceiveAsync(MqttClient client, int count)
    {
        var messages = new List<MqttMessage>();
        while (messages.Count < count)
        {
            messages.Add(await client.Messages.ReadAsync().Within());
        }

        return messages;
    }

    [Fact]
    public async Task Pipelined_qos1_publishes_all_arrive_in_order_and_are_acknowledged()
    {
        await using var ledger = await ConnectedAsync(Broker.ClientOptions("ledger"));
        Assert.Equal([MqttReasonCode.GrantedQoS1], await ledger.SubscribeAsync("dream/v1/+/readings").Within());
        await using var device = await ConnectedAsync(Broker.ClientOptions("device1"));
        var results = await Task.WhenAll(Enumerable.Range(0, 200)
            .Select(i => device.PublishAsync("dream/v1/device1/readings", Encoding.UTF8.GetBytes($"reading {i}")))).Within();
        Assert.All(results, r => Assert.Equal(MqttReasonCode.Success, r.ReasonCode));
        var received = await ReceiveAsync(ledger, 200);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"reading {i}"), received.Select(m => Encoding.UTF8.GetString(m.Payload.Span)));
        Assert.All(received, m => Assert.Equal("dream/v1/device1/readings", m.Topic));
    }

    [Fact]
    public async Task A_publish_outside_the_acl_is_refused_not_authorized()
    {
        await using var device = await ConnectedAsync(Broker.ClientOptions("device1"));
        var refused = await device.PublishAsync("dream/v1/device2/readings", "forged"u8.ToArray()).Within();
        Assert.Equal(MqttReasonCode.NotAuthorized, refused.ReasonCode);
        Assert.False(refused.IsSuccess);
        // The connection survives a refusal.
        Assert.True((await device.PublishAsync("dream/v1/device1/readings", "own"u8.ToArray()).Within()).IsSuccess);
    }

    [Fact]
    public async Task A_subscription_outside_the_acl_delivers_nothing()
    {
        // Mosquitto 2.0 grants the SUBACK but filters delivery by the ACL's read rights.
        await using var device = await ConnectedAsync(Broker.ClientOptions("device1"));
        await device.SubscribeAsync("dream/v1/device2/receipts").Within();
        await device.SubscribeAsync("dream/v1/device1/receipts").Within();
        await using var admin = await ConnectedAsync(Broker.ClientOptions("admin"));
        Assert.True((await admin.PublishAsync("dream/v1/device2/receipts", "not yours"u8.ToArray()).Within()).IsSuccess);
        Assert.True((await admin.PublishAsync("dream/v1/device1/receipts", "yours"u8.ToArray()).Within()).IsSuccess);
        var first = await device.Messages.ReadAsync().Within();
        Assert.Equal("dream/v1/device1/receipts", first.Topic);
        Assert.Equal(0, device.Messages.Count);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_at_connect()
    {
        var options = Broker.ClientOptions("device1");
        options.Password = "wrong";
        await using var client = new MqttClient(options);
        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync().Within());
        Assert.Contains(error.ReasonCode, new MqttReasonCode?[] { MqttReasonCode.BadUserNameOrPassword, MqttReasonCode.NotAuthorized });
    }

    [Fact]
    public async Task Tls_with_our_ca_and_a_client_certificate_carries_messages()
    {
        await using var client = await ConnectedAsync(TlsOptions(Broker.CaFile));
        await client.SubscribeAsync("dream/v1/device1/receipts").Within();
        Assert.True((await client.PublishAsync("dream/v1/device1/receipts", "over tls"u8.ToArray()).Within()).IsSuccess);
        Assert.Equal("over tls", Encoding.UTF8.GetString((await client.Messages.ReadAsync().Within()).Payload.Span));
    }

    [Fact]
    public async Task Tls_refuses_a_server_our_ca_did_not_sign()
    {
        // The client certificate is no certificate authority: nothing chains to it.
        await using var client = new MqttClient(TlsOptions(Broker.ClientCertificateFile));
        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync().Within());
        Assert.IsType<AuthenticationException>(error.InnerException);
        Assert.Null(error.ReasonCode);
    }

    [Fact]
    public async Task Tls_without_a_client_certificate_is_refused()
    {
        await using var client = new MqttClient(TlsOptions(Broker.CaFile, withClientCertificate: false));
        await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync().Within());
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task A_shared_subscription_splits_the_stream_between_group_members()
    {
        await using var ingest1 = await ConnectedAsync(Broker.ClientOptions("ledger"));
        await using var ingest2 = await ConnectedAsync(Broker.ClientOptions("ledger"));
        foreach (var ingest in new[] { ingest1, ingest2 })
        {
            await ingest.SubscribeAsync([new MqttSubscription("$share/ledger/dream/v1/+/readings")]).Within();
        }

        await using var device = await ConnectedAsync(Broker.ClientOptions("device2"));
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => device.PublishAsync("dream/v1/device2/readings", Encoding.UTF8.GetBytes(i.ToString())))).Within();
        var seen = new ConcurrentBag<string>();
        var counts = new int[2];
        var all = new TaskCompletionSource();
        async Task Drain(MqttClient client, int index)
        {
            await foreach (var message in client.Messages.ReadAllAsync(CancellationToken.None))
            {
                seen.Add(Encoding.UTF8.GetString(message.Payload.Span));
                Interlocked.Increment(ref counts[index]);
                if (seen.Count == 40)
                {
                    all.TrySetResult();
                }
            }
        }

        _ = Drain(ingest1, 0);
        _ = Drain(ingest2, 1);
        await all.Task.Within();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i.ToString()).Order(), seen.Order());
        Assert.True(counts[0] > 0 && counts[1] > 0, $"split {counts[0]}/{counts[1]}");
    }

    [Fact]
    public async Task Mosquitto_sub_receives_what_we_publish()
    {
        // stdbuf: mosquitto_sub's stdout is a pipe here, and its SUBACK line must arrive before we publish.
        await using var sub = RunningProgram.Start("stdbuf",
            ["-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", Broker.Port.ToString(), "-u", "ledger", "-P", TestBroker.Password, "-V", "mqttv5",
             "-q", "1", "-t", "dream/v1/device1/readings", "-C", "3", "-d", "-F", "MSG %t %p"]);
        await sub.WaitForLineAsync("SUBACK");
        await using var device = await ConnectedAsync(Broker.ClientOptions("device1"));
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await device.PublishAsync("dream/v1/device1/readings", Encoding.UTF8.GetBytes($"m{i}")).Within()).IsSuccess);
        }

        Assert.Equal(0, await sub.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(["MSG dream/v1/device1/readings m0", "MSG dream/v1/device1/readings m1", "MSG dream/v1/device1/readings m2"],
            sub.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("MSG ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task We_receive_what_mosquitto_pub_publishes_with_its_properties()
    {
        await using var device = await ConnectedAsync(Broker.ClientOptions("device1"));
        await device.SubscribeAsync("dream/v1/device1/receipts").Within();
        var published = await ExternalProgram.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", Broker.Port.ToString(), "-u", "ledger", "-P", TestBroker.Password,
            "-V", "mqttv5", "-q", "1", "-t", "dream/v1/device1/receipts", "-m", "receipt-1",
            "-D", "publish", "content-type", "application/x-dream-receipt", "-D", "publish", "user-property", "seq", "42"]);
        Assert.True(published.ExitCode == 0, published.ToString());
        var message = await device.Messages.ReadAsync().Within();
        Assert.Equal("receipt-1", Encoding.UTF8.GetString(message.Payload.Span));
        Assert.Equal(MqttQualityOfService.AtLeastOnce, message.QoS);
        Assert.Equal("application/x-dream-receipt", message.Properties.ContentType);
        Assert.Contains(new Dream.Mqtt.Protocol.MqttUserProperty("seq", "42"), message.Properties.UserProperties);
    }

    [Fact]
    public async Task The_will_is_published_when_the_broker_drops_the_session_holder()
    {
        await using var watcher = await ConnectedAsync(Broker.ClientOptions("admin"));
        await watcher.SubscribeAsync("dream/v1/device2/status").Within();
        var options = Broker.ClientOptions("device2", clientId: $"device2-{Guid.NewGuid():N}");
        options.AutoReconnect = false;
        options.Will = new MqttMessage { Topic = "dream/v1/device2/status", Payload = "offline"u8.ToArray(), QoS = MqttQualityOfService.AtLeastOnce };
        await using var device = await ConnectedAsync(options);
        var disconnected = new TaskCompletionSource<MqttDisconnectedEventArgs>();
        device.Disconnected += (_, e) => disconnected.TrySetResult(e);

        // A second connection with the same client id takes the session over: the broker drops the first
        // without a DISCONNECT from it, which is what triggers the will.
        var usurperOptions = Broker.ClientOptions("device2", clientId: options.ClientId);
        await using var usurper = await ConnectedAsync(usurperOptions);
        var e = await disconnected.Task.Within();
        Assert.False(e.WillReconnect);
        var will = await watcher.Messages.ReadAsync().Within();
        Assert.Equal("offline", Encoding.UTF8.GetString(will.Payload.Span));
    }

    [Fact]
    public async Task Disconnect_with_will_message_reason_makes_the_broker_publish_the_will()
    {
        await using var watcher = await ConnectedAsync(Broker.ClientOptions("admin"));
        await watcher.SubscribeAsync("dream/v1/device1/status").Within();
        var options = Broker.ClientOptions("device1");
        options.Will = new MqttMessage { Topic = "dream/v1/device1/status", Payload = "gone"u8.ToArray() };
        await using var device = await ConnectedAsync(options);
        await device.DisconnectAsync(MqttReasonCode.DisconnectWithWillMessage).Within();
        Assert.Equal("gone", Encoding.UTF8.GetString((await watcher.Messages.ReadAsync().Within()).Payload.Span));
    }

    [Fact]
    public async Task A_message_larger_than_the_read_buffer_arrives_whole()
    {
        await using var device = await ConnectedAsync(Broker.ClientOptions("device1"));
        await device.SubscribeAsync("dream/v1/device1/receipts").Within();
        var payload = new byte[300_000];
        new Random(7).NextBytes(payload);
        Assert.True((await device.PublishAsync("dream/v1/device1/receipts", payload).Within()).IsSuccess);
        Assert.Equal(payload, (await device.Messages.ReadAsync().Within()).Payload.ToArray());
    }
}
