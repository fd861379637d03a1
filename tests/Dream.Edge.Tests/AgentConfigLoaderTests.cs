namespace Dream.Edge.Tests;

public sealed class AgentConfigLoaderTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private static readonly string s_ga = GaDid();
    private static readonly string s_passport = new('a', 64);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_valid_file_loads_with_defaults()
    {
        var options = Load($$"""
            {"meters":[{"id":"main","uri":"tcp://127.0.0.1:502","profile":"eastron-sdm630","passportId":"{{s_passport}}"}],
             "broker":{"host":"broker.local"},"gridAuthorityKey":"{{s_ga}}","dataDirectory":"/var/lib/dream"}
            """);
        var meter = Assert.Single(options.Meters);
        Assert.Equal(10, meter.SamplePeriodSeconds);
        Assert.Equal(15, meter.IntervalMinutes);
        Assert.Equal(1, meter.Unit);
        Assert.Null(meter.MaxPowerW); // the meter's rating applies
        Assert.Equal(1883, options.Broker.Port);
        Assert.Equal(OutboxOptions.DefaultMaxReadings, options.Outbox.MaxReadings);
        Assert.True(options.Outbox.MaxReadings >= 35_040 * 4);
    }

    [Fact]
    public void A_configured_max_power_overrides_the_rating_and_is_range_checked()
    {
        var options = Load($$"""
            {"meters":[{"id":"main","uri":"tcp://127.0.0.1:502","profile":"abb-b24","passportId":"{{s_passport}}","maxPowerW":250000}],
             "broker":{"host":"broker.local"},"gridAuthorityKey":"{{s_ga}}","dataDirectory":"/var/lib/dream"}
            """);
        Assert.Equal(250_000, Assert.Single(options.Meters).MaxPowerW);
        var e = Assert.Throws<AgentConfigException>(() => Load($$"""
            {"meters":[{"id":"main","uri":"tcp://127.0.0.1:502","profile":"abb-b24","passportId":"{{s_passport}}","maxPowerW":0}],
             "broker":{"host":"broker.local"},"gridAuthorityKey":"{{s_ga}}","dataDirectory":"/var/lib/dream"}
            """));
        Assert.Contains(e.Errors, x => x.Path == "meters[0].maxPowerW");
    }

    [Fact]
    public void Every_error_is_reported_with_its_json_path()
    {
        var e = Assert.Throws<AgentConfigException>(() => Load($$"""
            {"meters":[{"id":"a","uri":"tcp://h:1","profile":"p","passportId":"{{s_passport}}"},
                       {"id":"a","uri":"ftp://x","profile":"p","intervalMinutes":7,"unit":300,"passportId":"nope"}],
             "broker":{"port":99999},"gridAuthorityKey":"did:key:zBAD","outbox":{"maxReadings":"many"} }
            """));
        var paths = e.Errors.Select(x => x.Path).ToList();
        Assert.Contains("meters[1].id", paths);
        Assert.Contains("meters[1].uri", paths);
        Assert.Contains("meters[1].intervalMinutes", paths);
        Assert.Contains("meters[1].unit", paths);
        Assert.Contains("meters[1].passportId", paths);
        Assert.Contains("broker.host", paths);
        Assert.Contains("broker.port", paths);
        Assert.Contains("gridAuthorityKey", paths);
        Assert.Contains("outbox.maxReadings", paths);
        Assert.Contains("meters[1].uri:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sample_period_that_does_not_divide_the_interval_is_refused()
    {
        var e = Assert.Throws<AgentConfigException>(() => Load($$"""
            {"meters":[{"id":"a","uri":"tcp://h:1","profile":"p","samplePeriodSeconds":7,"intervalMinutes":1,"passportId":"{{s_passport}}"}],
             "broker":{"host":"b"},"gridAuthorityKey":"{{s_ga}}"}
            """));
        Assert.Equal("meters[0].samplePeriodSeconds", Assert.Single(e.Errors).Path);
    }

    [Fact]
    public void Environment_variables_override_the_file()
    {
        var options = Load($$"""
            {"meters":[{"id":"a","uri":"tcp://h:1","profile":"p","passportId":"{{s_passport}}"}],
             "broker":{"host":"file-host","port":1883},"gridAuthorityKey":"{{s_ga}}"}
            """,
            [new("DREAM_AGENT__broker__host", "env-host"), new("DREAM_AGENT__meters__0__intervalMinutes", "5"), new("OTHER__broker__port", "1")]);
        Assert.Equal("env-host", options.Broker.Host);
        Assert.Equal(1883, options.Broker.Port);
        Assert.Equal(5, options.Meters[0].IntervalMinutes);
    }

    [Fact]
    public void Broken_json_and_a_missing_file_are_clear_errors()
    {
        var e = Assert.Throws<AgentConfigException>(() => Load("{\"meters\": ["));
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Load(_directory.Combine("nope.json"), []));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_s0_meter_needs_its_meter_constant()
    {
        var e = Assert.Throws<AgentConfigException>(() => Load($$"""
            {"meters":[{"id":"a","uri":"s0://gpiochip0/17","profile":"s0","passportId":"{{s_passport}}"}],
             "broker":{"host":"b"},"gridAuthorityKey":"{{s_ga}}"}
            """));
        Assert.Equal("meters[0].meterConstant", Assert.Single(e.Errors).Path);
    }

    [Fact]
    public void Home_assistant_discovery_is_off_unless_enabled_and_then_needs_its_broker()
    {
        Assert.Null(Load(WithSection(string.Empty)).HomeAssistant);
        Assert.Null(Load(WithSection(""","homeAssistant":{"host":"ha.local"}""")).HomeAssistant);

        var on = Load(WithSection(""","homeAssistant":{"enabled":true,"host":"ha.local","username":"u","password":"p"}""")).HomeAssistant;
        Assert.NotNull(on);
        Assert.Equal(("ha.local", 1883, "homeassistant", "u", "p"), (on.Host, on.Port, on.DiscoveryPrefix, on.Username, on.Password));
        Assert.Null(on.Tls);

        var e = Assert.Throws<AgentConfigException>(() => Load(WithSection(""","homeAssistant":{"enabled":"yes","port":0}""")));
        Assert.Equal(["homeAssistant.enabled"], e.Errors.Select(x => x.Path));
        e = Assert.Throws<AgentConfigException>(() => Load(WithSection(""","homeAssistant":{"enabled":true,"port":0,"discoveryPrefix":"ha/#","tls":{"caFile":"none.pem"}}""")));
        Assert.Equal(["homeAssistant.discoveryPrefix", "homeAssistant.host", "homeAssistant.port", "homeAssistant.tls.caFile"], e.Errors.Select(x => x.Path).Order(StringComparer.Ordinal));
    }

    /// <summary>A valid configuration with <paramref name="section"/> (",\"key\":value") added at its end.</summary>
    private static string WithSection(string section) => $$"""
        {"meters":[{"id":"main","uri":"tcp://127.0.0.1:502","profile":"abb-b24","passportId":"{{s_passport}}"}],
         "broker":{"host":"b"},"gridAuthorityKey":"{{s_ga}}"{{section}} }
        """;

    private AgentOptions Load(string json, IEnumerable<KeyValuePair<string, string?>>? environment = null)
    {
        var path = _directory.Combine($"agent-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return AgentConfigLoader.Load(path, environment ?? []);
    }

    private static string GaDid()
    {
        using var key = Ed25519PrivateKey.Generate();
        return key.PublicKey.Did;
    }
}
