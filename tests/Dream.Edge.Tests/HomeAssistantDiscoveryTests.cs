using System.Text.Json;
using Dream.Edge.HomeAssistant;
using Dream.Edge.Service;
using Microsoft.Extensions.Time.Testing;

namespace Dream.Edge.Tests;

/// <summary>
/// Home Assistant MQTT discovery against a real Mosquitto standing for the prosumer's broker (apart from the
/// ledger's), read back with mosquitto_sub as Home Assistant would find it: retained configs and states.
/// </summary>
#pragma warning disable CA1001 // xunit disposes through IAsyncLifetime.DisposeAsync
public sealed class HomeAssistantDiscoveryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_t0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _directory = new();
    private readonly Channel<long> _ticks = Channel.CreateUnbounded<long>();
    private readonly Channel<bool> _announced = Channel.CreateUnbounded<bool>();
    private readonly Channel<long> _states = Channel.CreateUnbounded<long>();
    private AgentBench _bench = null!;
    private MosquittoProcess _homeBroker = null!;

    public async Task InitializeAsync()
    {
        _bench = await AgentBench.StartAsync();
        _homeBroker = await MosquittoProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _homeBroker.DisposeAsync();
        await _bench.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task The_gateway_announces_power_and_energy_sensors_retained_and_its_states_carry_the_exact_registers()
    {
        var time = new FakeTimeProvider(s_t0);
        using var key = Ed25519PrivateKey.Generate();
        await using var agent = NewAgent(time, key, "ha");
        using var stop = new CancellationTokenSource();
        var run = agent.RunAsync(stop.Token);
        await NextAsync(_announced, run);

        // 12,345.5 kWh and 2.25 kWh are exact in the meter's float32: the state must say 12345500 and 2250 Wh.
        _bench.Registers.Set(12_345.5f, 2.25f, -1_500f);
        // A first read waits for a second to confirm it: the second sample is the first the agent believes.
        time.Advance(TimeSpan.FromSeconds(10));
        await NextAsync(_ticks, run);
        time.Advance(TimeSpan.FromSeconds(10));
        var sampledAt = await NextAsync(_ticks, run);
        Assert.Equal(sampledAt, agent.Status.Meters[0].LastSampleAtMs);
        Assert.Equal(sampledAt, await NextAsync(_states, run));

        var node = agent.HomeAssistant!.Discovery.NodeId;
        Assert.Equal("dream-" + key.PublicKey.Did["did:key:".Length..], node);
        var configs = await RetainedAsync("ha/sensor/#", 3);
        Assert.Equal(
            [$"ha/sensor/{node}/house_main_energy_export/config", $"ha/sensor/{node}/house_main_energy_import/config", $"ha/sensor/{node}/house_main_power/config"],
            configs.Keys.Order(StringComparer.Ordinal));

        var stateTopic = $"dream-agent/{node}/house_main/state";
        var power = configs[$"ha/sensor/{node}/house_main_power/config"].RootElement;
        Assert.Equal("power", power.GetProperty("device_class").GetString());
        Assert.Equal("measurement", power.GetProperty("state_class").GetString());
        Assert.Equal("W", power.GetProperty("unit_of_measurement").GetString());
        Assert.Equal(stateTopic, power.GetProperty("state_topic").GetString());
        Assert.Equal("{{ value_json.power_w }}", power.GetProperty("value_template").GetString());
        Assert.Equal($"{node}_house_main_power", power.GetProperty("unique_id").GetString());
        Assert.Equal($"dream-agent/{node}/availability", power.GetProperty("availability_topic").GetString());
        var device = power.GetProperty("device");
        Assert.Equal(node, Assert.Single(device.GetProperty("identifiers").EnumerateArray()).GetString());
        Assert.Equal("Kitchen gateway", device.GetProperty("name").GetString());

        foreach (var (what, field) in new[] { ("import", "import_wh"), ("export", "export_wh") })
        {
            var energy = configs[$"ha/sensor/{node}/house_main_energy_{what}/config"].RootElement;
            Assert.Equal("energy", energy.GetProperty("device_class").GetString());
            Assert.Equal("total_increasing", energy.GetProperty("state_class").GetString());
            Assert.Equal("Wh", energy.GetProperty("unit_of_measurement").GetString());
            Assert.Equal(stateTopic, energy.GetProperty("state_topic").GetString());
            Assert.Equal($"{{{{ value_json.{field} }}}}", energy.GetProperty("value_template").GetString());
            Assert.Equal(node, Assert.Single(energy.GetProperty("device").GetProperty("identifiers").EnumerateArray()).GetString());
        }

        var state = Assert.Single(await RetainedAsync(stateTopic, 1)).Value.RootElement;
        Assert.Equal(12_345_500, state.GetProperty("import_wh").GetInt64());
        Assert.Equal(2_250, state.GetProperty("export_wh").GetInt64());
        Assert.Equal(-1_500, state.GetProperty("power_w").GetInt64());
        Assert.Equal(sampledAt, state.GetProperty("time_ms").GetInt64());
        Assert.Equal(JsonValueKind.Number, state.GetProperty("import_wh").ValueKind);
        Assert.DoesNotContain(".", state.GetProperty("import_wh").GetRawText(), StringComparison.Ordinal);
        Assert.Equal("online", Assert.Single((await RetainedRawAsync($"dream-agent/{node}/availability", 1)).Values));

        await stop.CancelAsync();
        await run;
        Assert.Equal("offline", Assert.Single((await RetainedRawAsync($"dream-agent/{node}/availability", 1)).Values));
    }

    [Fact]
    public async Task A_home_assistant_birth_message_brings_back_configs_the_broker_lost()
    {
        var time = new FakeTimeProvider(s_t0);
        using var key = Ed25519PrivateKey.Generate();
        await using var agent = NewAgent(time, key, "homeassistant");
        using var stop = new CancellationTokenSource();
        var run = agent.RunAsync(stop.Token);
        await NextAsync(_announced, run);
        var node = agent.HomeAssistant!.Discovery.NodeId;
        var topic = $"homeassistant/sensor/{node}/house_main_power/config";

        // An empty retained message deletes the config, as a broker restart without persistence would.
        var cleared = await ExternalProgram.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", Port, "-t", topic, "-r", "-n", "-q", "1"]);
        Assert.True(cleared.ExitCode == 0, cleared.ToString());
        var birth = await ExternalProgram.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", Port, "-t", "homeassistant/status", "-m", "online", "-q", "1"]);
        Assert.True(birth.ExitCode == 0, birth.ToString());
        await NextAsync(_announced, run);

        var again = await RetainedAsync(topic, 1);
        Assert.Equal("power", again[topic].RootElement.GetProperty("device_class").GetString());
        await stop.CancelAsync();
        await run;
    }

    private string Port => _homeBroker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private HostedAgent NewAgent(TimeProvider time, Ed25519PrivateKey key, string prefix)
    {
        var options = _bench.Options("house.main", _directory.Combine("data-" + prefix)) with
        {
            HomeAssistant = new HomeAssistantOptions { Host = "127.0.0.1", Port = _homeBroker.Port, DiscoveryPrefix = prefix, DeviceName = "Kitchen gateway" },
        };
        var agent = _bench.NewAgent(options, key, time);
        agent.Agent.TickCompleted += (_, t, _) => _ticks.Writer.TryWrite(t);
        agent.HomeAssistant!.Announced += () => _announced.Writer.TryWrite(true);
        agent.HomeAssistant.StatePublished += (_, t) => _states.Writer.TryWrite(t);
        return agent;
    }

    /// <summary>What the broker holds retained under <paramref name="filter"/>, read by mosquitto_sub, as JSON.</summary>
    private async Task<Dictionary<string, JsonDocument>> RetainedAsync(string filter, int count) =>
        (await RetainedRawAsync(filter, count)).ToDictionary(p => p.Key, p => JsonDocument.Parse(p.Value), StringComparer.Ordinal);

    /// <summary>mosquitto_sub --retained-only stops at the first live message; -C stops at <paramref name="count"/> messages.</summary>
    private async Task<Dictionary<string, string>> RetainedRawAsync(string filter, int count)
    {
        var result = await ExternalProgram.RunAsync("mosquitto_sub", ["-h", "127.0.0.1", "-p", Port, "-t", filter, "--retained-only", "-C", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "-F", "%t\t%p", "-W", "20"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(count, lines.Length);
        return lines.Select(l => l.Split('\t', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }

    private static async Task<T> NextAsync<T>(Channel<T> channel, Task run)
    {
        var next = channel.Reader.ReadAsync().AsTask();
        if (await Task.WhenAny(next, run).WaitAsync(TimeSpan.FromSeconds(20)) == run)
        {
            await run;
            throw new InvalidOperationException("The agent stopped.");
        }

        return await next;
    }
}
