using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dream.Ledger.Server.Hosting;
using Dream.Testing;

namespace Dream.Ledger.Testing;

/// <summary>A real ledger: a data directory in /tmp, a real Mosquitto, Kestrel on free loopback ports.</summary>
public sealed class TestLedger : IAsyncDisposable
{
    private readonly List<TestAgent> _agents = [];
    private bool _installerRegistered;

    private readonly TimeProvider _time;
    private LedgerWatchdogOptions? _watchdog;

    private TestLedger(TemporaryDirectory directory, MosquittoProcess broker, LedgerServerConfig config, TimeProvider time)
    {
        Directory = directory;
        Broker = broker;
        Config = config;
        Owner = Ed25519PrivateKey.Generate();
        Installer = Ed25519PrivateKey.Generate();
        _time = time;
    }

    public TemporaryDirectory Directory { get; }

    public MosquittoProcess Broker { get; }

    public LedgerServerConfig Config { get; }

    public LedgerServer Server { get; private set; } = null!;

    public HttpClient Public { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public Ed25519PrivateKey Owner { get; }

    /// <summary>The installer who signs the agents' passports; registered (role installer) before the first submission.</summary>
    public Ed25519PrivateKey Installer { get; }

    public Ed25519PublicKey GridAuthority => Server.Key.PublicKey;

    /// <summary>The start of an aligned interval far enough in the past for many readings.</summary>
    public static long PastStartMs(int intervals = 2000)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return (now / TestAgent.Interval - intervals) * TestAgent.Interval;
    }

    /// <summary>A fresh ledger; <paramref name="dataDir"/> (default: in the test's directory) and <paramref name="time"/> (default: real) are for fault tests.</summary>
    public static async Task<TestLedger> StartAsync(double clockSkewSeconds = 120, Action<LedgerServerConfig>? configure = null, string? dataDir = null, TimeProvider? time = null, LedgerWatchdogOptions? watchdog = null)
    {
        time ??= TimeProvider.System;
        var directory = new TemporaryDirectory();
        var broker = await MosquittoProcess.StartAsync();
        var config = new LedgerServerConfig
        {
            DataDir = dataDir ?? directory.Combine("data"),
            Listen = $"http://127.0.0.1:{FreePort.Next()}",
            AdminListen = $"http://127.0.0.1:{FreePort.Next()}",
            Mqtt = new MqttConfig { Host = "127.0.0.1", Port = broker.Port, ClientId = "ledger-" + Guid.NewGuid().ToString("N") },
            CheckpointPeriodSeconds = 0.2,
            ClockSkewSeconds = clockSkewSeconds,
        };
        configure?.Invoke(config);
        await LedgerServerStore.InitializeAsync(config.DataDir, config.Postgres, "ledger.test/dream", "Test Grid Authority", time);
        var ledger = new TestLedger(directory, broker, config, time) { _watchdog = watchdog };
        await ledger.StartServerAsync();
        return ledger;
    }

    public TimeProvider Time => _time;

    public async Task StartServerAsync()
    {
        Server = await LedgerServer.StartAsync(Config, _time, logging: _ => { }, watchdog: _watchdog);
        Public = new HttpClient { BaseAddress = new Uri(Config.Listen + "/") };
        Admin = new HttpClient { BaseAddress = new Uri(Config.AdminListen + "/") };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.AdminToken);
    }

    public async Task StopServerAsync()
    {
        Public.Dispose();
        Admin.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A connected agent whose passport was submitted over HTTP and approved by the GA; on <see cref="Broker"/> unless <paramref name="brokerPort"/> names another.</summary>
    public async Task<TestAgent> AddApprovedAgentAsync(int? brokerPort = null)
    {
        var agent = new TestAgent(Owner, PastStartMs(), Installer);
        _agents.Add(agent);
        var id = await SubmitPassportAsync(agent);
        await ApproveAsync(id);
        await agent.ConnectAsync(brokerPort ?? Broker.Port, GridAuthority);
        return agent;
    }

    public async Task<string> SubmitPassportAsync(TestAgent agent)
    {
        await RegisterInstallerAsync();
        using var content = new ByteArrayContent(agent.Passport.Envelope.ToBytes());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Public.PostAsync("api/v1/passports", content);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending", body.GetProperty("status").GetString());
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>Registers <see cref="Installer"/> with the installer role (once): the ledger takes only passports a registered installer signed.</summary>
    public async Task RegisterInstallerAsync(bool alreadyRegistered = false)
    {
        if (_installerRegistered || alreadyRegistered)
        {
            _installerRegistered = true;
            return;
        }

        using var response = await Admin.PostAsJsonAsync("admin/v1/participants", new { did = Installer.PublicKey.Did, role = "installer", name = "Test Installer" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        _installerRegistered = true;
    }

    public async Task<JsonElement> ApproveAsync(string id)
    {
        using var response = await Admin.PostAsync($"admin/v1/passports/{id}/approve", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    public async Task RevokeAsync(string id, string reason)
    {
        using var response = await Admin.PostAsJsonAsync($"admin/v1/passports/{id}/revoke", new { reason });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        await StopServerAsync();
        await Broker.DisposeAsync();
        Owner.Dispose();
        Installer.Dispose();
        Directory.Dispose();
    }
}
