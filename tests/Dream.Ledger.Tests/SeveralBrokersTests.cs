using Dream.Ledger.Server.Hosting;
using Dream.Mqtt;

namespace Dream.Ledger.Tests;

/// <summary>
/// Devices partitioned across two real Mosquittos (docs/scale-out.md): the ledger subscribes to both, answers each
/// device on its own broker, serves the others while one broker is down, and reconnects by itself when it returns.
/// </summary>
public sealed class SeveralBrokersTests
{
    [Fact]
    public async Task Each_device_gets_its_receipts_on_its_own_broker_and_one_broker_down_stops_nobody_else()
    {
        await using var second = await MosquittoProcess.StartAsync();
        await using var ledger = await TestLedger.StartAsync(configure: c => c.Brokers =
        [
            new MqttConfig { Name = "broker-a", Host = "127.0.0.1", Port = c.Mqtt.Port, ClientId = c.Mqtt.ClientId },
            new MqttConfig { Name = "broker-b", Host = "127.0.0.1", Port = second.Port, ClientId = c.Mqtt.ClientId },
        ]);
        var onA = await ledger.AddApprovedAgentAsync();
        var onB = await ledger.AddApprovedAgentAsync(second.Port);

        // Every receipt published on broker b, whoever it is for.
        await using var watcher = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = second.Port, ClientId = "watcher-" + Guid.NewGuid().ToString("N") });
        await watcher.ConnectAsync();
        await watcher.SubscribeAsync("dream/v1/+/receipts", MqttQualityOfService.AtLeastOnce);

        // A's receipt comes on broker a (A listens nowhere else); then B's on broker b. Receipts to one broker go out
        // in order on one connection, so had A's gone to b, the watcher would have seen it before B's.
        await onA.PublishAsync(onA.Next(), onA.Next());
        Assert.Equal(2, (await onA.WaitForReceiptAsync(2)).ThroughSequence);
        await onB.PublishAsync(onB.Next());
        Assert.Equal(1, (await onB.WaitForReceiptAsync(1)).ThroughSequence);
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            var first = await watcher.Messages.ReadAsync(limit.Token);
            Assert.Equal(Topics.Receipts(onB.Device), first.Topic);
        }

        var metrics = await ledger.Public.GetStringAsync("metrics");
        Assert.Contains("dream_ledger_mqtt_connected{broker=\"broker-a\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("dream_ledger_mqtt_connected{broker=\"broker-b\"} 1\n", metrics, StringComparison.Ordinal);

        // Broker b goes away: readiness names it, metrics say so, and A's readings still get receipts on a.
        await second.StopAsync();
        await WaitForAsync(ledger.Server, m => m.Disconnected.SequenceEqual(["broker-b"]), "broker-b reported down");
        using (var ready = await ledger.Public.GetAsync("readyz"))
        {
            Assert.Equal(503, (int)ready.StatusCode);
            Assert.Equal("not ready: mqtt down: broker-b\n", await ready.Content.ReadAsStringAsync());
        }

        Assert.Contains("dream_ledger_mqtt_connected{broker=\"broker-b\"} 0\n", await ledger.Public.GetStringAsync("metrics"), StringComparison.Ordinal);
        await onA.PublishAsync(onA.Next());
        Assert.Equal(3, (await onA.WaitForReceiptAsync(3)).ThroughSequence);

        // It comes back on the same port, without the ledger's session: the ledger reconnects by itself and subscribes
        // again (before it reports the connection), and a device on b is served again.
        await second.StartAgainAsync();
        await WaitForAsync(ledger.Server, m => m.AllConnected, "broker-b reconnected");
        Assert.Equal("ready\n", await ledger.Public.GetStringAsync("readyz"));
        var laterOnB = await ledger.AddApprovedAgentAsync(second.Port);
        await laterOnB.PublishAsync(laterOnB.Next());
        Assert.Equal(1, (await laterOnB.WaitForReceiptAsync(1)).ThroughSequence);
    }

    [Fact]
    public async Task A_ledger_starts_while_one_of_its_brokers_is_down_and_takes_it_up_when_it_comes()
    {
        var absentPort = FreePort.Next();
        await using var ledger = await TestLedger.StartAsync(configure: c => c.Brokers =
        [
            new MqttConfig { Name = "up", Host = "127.0.0.1", Port = c.Mqtt.Port, ClientId = c.Mqtt.ClientId },
            new MqttConfig { Name = "not-yet", Host = "127.0.0.1", Port = absentPort, ClientId = c.Mqtt.ClientId },
        ]);

        // Started on the first broker alone: its devices are served; readiness says which broker is missing.
        var agent = await ledger.AddApprovedAgentAsync();
        await agent.PublishAsync(agent.Next());
        Assert.Equal(1, (await agent.WaitForReceiptAsync(1)).ThroughSequence);
        Assert.Equal(["not-yet"], ledger.Server.Mqtt!.Disconnected);
        using (var ready = await ledger.Public.GetAsync("readyz"))
        {
            Assert.Equal("not ready: mqtt down: not-yet\n", await ready.Content.ReadAsStringAsync());
        }

        await using var late = await MosquittoProcess.StartAsync($"listener {absentPort} 127.0.0.1");
        await WaitForAsync(ledger.Server, m => m.AllConnected, "the late broker connected");
        var other = await ledger.AddApprovedAgentAsync(absentPort);
        await other.PublishAsync(other.Next());
        Assert.Equal(1, (await other.WaitForReceiptAsync(1)).ThroughSequence);
    }

    [Fact]
    public async Task A_broker_restarted_from_its_persistence_file_keeps_delivering_readings_to_the_ledger()
    {
        await using var persistent = await MosquittoProcess.StartAsync(new MosquittoOptions { Persistence = true });
        await using var ledger = await TestLedger.StartAsync(configure: c => c.Brokers =
        [
            new MqttConfig { Name = "persistent", Host = "127.0.0.1", Port = persistent.Port, ClientId = c.Mqtt.ClientId },
        ]);
        var agent = await ledger.AddApprovedAgentAsync(persistent.Port);
        await agent.PublishAsync(agent.Next());
        Assert.Equal(1, (await agent.WaitForReceiptAsync(1)).ThroughSequence);

        // SIGTERM: the broker saves the ledger's session, and restores it when it starts again.
        await persistent.TerminateAsync();
        await WaitForAsync(ledger.Server, m => !m.AllConnected, "the broker reported down");
        await persistent.StartAgainAsync();
        await WaitForAsync(ledger.Server, m => m.AllConnected, "the broker reconnected");
        var later = await ledger.AddApprovedAgentAsync(persistent.Port);
        await later.PublishAsync(later.Next());
        Assert.Equal(1, (await later.WaitForReceiptAsync(1)).ThroughSequence);
    }

    [Fact]
    public void A_configuration_with_both_mqtt_and_brokers_or_one_broker_twice_is_refused_with_the_reason()
    {
        using var temp = new TemporaryDirectory();
        var both = temp.Combine("both.json");
        File.WriteAllText(both, """{ "mqtt": { "host": "a" }, "brokers": [ { "host": "b" } ] }""");
        var e = Assert.Throws<InvalidDataException>(() => LedgerServerConfig.Load(both));
        Assert.Contains("gives both \"mqtt\" and \"brokers\"", e.Message, StringComparison.Ordinal);

        var twice = temp.Combine("twice.json");
        File.WriteAllText(twice, """{ "brokers": [ { "host": "b", "port": 1883 }, { "host": "b", "port": 1883 } ] }""");
        e = Assert.Throws<InvalidDataException>(() => LedgerServerConfig.Load(twice));
        Assert.Contains("lists a broker twice", e.Message, StringComparison.Ordinal);

        var two = temp.Combine("two.json");
        File.WriteAllText(two, """{ "brokers": [ { "host": "b1" }, { "host": "b2", "name": "south" } ] }""");
        Assert.Equal(["b1:1883", "south"], LedgerServerConfig.Load(two).IngestBrokers().Select(b => b.Label()));
        var one = temp.Combine("one.json");
        File.WriteAllText(one, """{ "mqtt": { "host": "only" } }""");
        Assert.Equal(["only:1883"], LedgerServerConfig.Load(one).IngestBrokers().Select(b => b.Label()));
    }

    /// <summary>Re-checks <paramref name="condition"/> at each connection change of the ledger's brokers, for at most 30 s.</summary>
    private static async Task WaitForAsync(LedgerServer server, Func<MqttIngestSet, bool> condition, string what)
    {
        var mqtt = server.Mqtt!;
        var changed = System.Threading.Channels.Channel.CreateUnbounded<bool>();
        void OnChanged(object? sender, EventArgs e) => changed.Writer.TryWrite(true);
        mqtt.StateChanged += OnChanged;
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!condition(mqtt))
            {
                try
                {
                    await changed.Reader.ReadAsync(limit.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"Timed out waiting for {what}: down now {string.Join(", ", mqtt.Disconnected)}.");
                }
            }
        }
        finally
        {
            mqtt.StateChanged -= OnChanged;
        }
    }
}
