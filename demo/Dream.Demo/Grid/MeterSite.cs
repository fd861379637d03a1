using System.Globalization;
using System.Text.RegularExpressions;
using Dream.Contracts.Broker;
using Dream.Demo.Processes;

namespace Dream.Demo.Grid;

/// <summary>
/// One metering point: a simulated meter (<c>dream-agent simulate-meter</c>) on a loopback Modbus TCP port, and
/// the edge agent beside it (<c>dream-agent run</c>) with its own device key, paired with the meter's owner.
/// </summary>
internal sealed partial class MeterSite : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private ChildProcess? _simulator;
    private ChildProcess? _agent;

    public MeterSite(MeterSpec spec, Participant owner, string directory)
    {
        Spec = spec;
        Owner = owner;
        Directory = directory;
        System.IO.Directory.CreateDirectory(DataDirectory);
    }

    public MeterSpec Spec { get; }

    public Participant Owner { get; }

    public string Directory { get; }

    public string DataDirectory => Path.Combine(Directory, "agent");

    /// <summary>The simulator's log of every read it answered, with its model time and counters (<c>--read-log</c>).</summary>
    public string ReadLog => Path.Combine(Directory, "meter-reads.log");

    public string MeterUri { get; private set; } = string.Empty;

    public string DeviceDid { get; private set; } = string.Empty;

    public string PassportId { get; private set; } = string.Empty;

    public BrokerAccount? Credentials { get; private set; }

    public bool AgentRunning => _agent is { HasExited: false };

    [GeneratedRegex(@"--meter (\S+)")]
    private static partial Regex MeterUriPattern();

    public async Task StartSimulatorAsync(DreamPrograms programs, SimulatedClock clock, CancellationToken cancellationToken)
    {
        _simulator = ChildProcess.Start($"meter {Spec.Id}", "dotnet",
        [
            programs.AgentDll, "simulate-meter", "--profile", Spec.Profile, "--listen", "127.0.0.1:0",
            "--kwp", Spec.PvKwp.ToString(CultureInfo.InvariantCulture), "--base-load", Spec.BaseLoadW.ToString(CultureInfo.InvariantCulture),
            "--time-scale", clock.Speed.ToString(CultureInfo.InvariantCulture), "--clock-epoch-ms", clock.EpochMs.ToString(CultureInfo.InvariantCulture),
            "--serial-number", Spec.SerialNumber, "--read-log", ReadLog,
        ], Path.Combine(Directory, "simulator.log"));
        var line = await _simulator.WaitForLineAsync(l => l.StartsWith("Serving", StringComparison.Ordinal), TimeSpan.FromSeconds(60), cancellationToken);
        MeterUri = MeterUriPattern().Match(line) is { Success: true } m ? m.Groups[1].Value.TrimEnd('.')
            : throw new InvalidOperationException($"Cannot find the meter address in \"{line}\".");
    }

    public async Task InitializeDeviceAsync(DreamPrograms programs, CancellationToken cancellationToken)
    {
        var output = await ToolRunner.RunAsync("dotnet", [programs.AgentDll, "init", "--data-dir", DataDirectory], TimeSpan.FromSeconds(60), cancellationToken);
        DeviceDid = output.Split(['\n', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(t => t.StartsWith("did:key:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"dream-agent init printed no did:key: {output}");
        Credentials = BrokerAccount.Device($"device-{Spec.Id}", DeviceDid, BrokerAccount.NewPassword());
    }

    /// <summary>
    /// Reads the meter's identity and registers (the agent's baseline from then), builds and signs the passport
    /// (device, then installer), and submits it as
    /// <c>dream-agent pair --ledger-url</c> would: POST /api/v1/passports (the agent's own --ledger-url option
    /// cannot be parsed by System.CommandLine 2.0.0, so the demo posts the file <c>--out</c> writes).
    /// </summary>
    public async Task PairAsync(DreamPrograms programs, SimulatedClock clock, string installerKey, string connectionPoint, Uri ledgerUrl, CancellationToken cancellationToken)
    {
        var passportFile = Path.Combine(Directory, "passport.json");
        var output = await ToolRunner.RunAsync("dotnet",
        [
            programs.AgentDll, "pair", "--meter", MeterUri, "--profile", Spec.Profile, "--installer-key", installerKey, "--owner", Owner.Did,
            "--connection-point", connectionPoint, "--data-dir", DataDirectory, "--out", passportFile,
            "--measures-export", Spec.PvKwp > 0 ? "true" : "false", "--meter-id", Spec.Id,
            // Pairing happens on the shared clock: the passport's installedAt is when its registers were read.
            "--clock-speed", clock.Speed.ToString(CultureInfo.InvariantCulture), "--clock-epoch-ms", clock.EpochMs.ToString(CultureInfo.InvariantCulture),
        ], TimeSpan.FromSeconds(60), cancellationToken);
        PassportId = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InvalidOperationException("dream-agent pair printed no passport id.");
        using var http = new HttpClient { BaseAddress = ledgerUrl, Timeout = TimeSpan.FromSeconds(30) };
        using var body = new ByteArrayContent(await File.ReadAllBytesAsync(passportFile, cancellationToken));
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(new Uri("api/v1/passports", UriKind.Relative), body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The ledger refused the passport of {Spec.Id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public async Task StartAgentAsync(DreamPrograms programs, Broker broker, string gridAuthorityDid, SimulatedClock clock, int intervalMinutes, int samplePeriodSeconds, CancellationToken cancellationToken)
    {
        var credentials = Credentials ?? throw new InvalidOperationException("Initialize the device first.");
        var config = new JsonObject
        {
            ["meters"] = new JsonArray(
                new JsonObject { ["id"] = Spec.Id, ["uri"] = MeterUri, ["profile"] = Spec.Profile, ["samplePeriodSeconds"] = samplePeriodSeconds, ["intervalMinutes"] = intervalMinutes, ["passportId"] = PassportId }),
            ["broker"] = new JsonObject
            {
                ["host"] = "127.0.0.1",
                ["port"] = broker.Port,
                ["tls"] = new JsonObject { ["caFile"] = broker.CaFile },
                ["username"] = credentials.User,
                ["password"] = credentials.Password,
                // Simulated seconds: about 20 real seconds without a receipt before everything is resent.
                ["receiptTimeoutSeconds"] = (int)Math.Max(300, 20 * clock.Speed),
            },
            ["gridAuthorityKey"] = gridAuthorityDid,
            ["dataDirectory"] = DataDirectory,
            ["testing"] = new JsonObject { ["clockSpeed"] = clock.Speed, ["clockEpochMs"] = clock.EpochMs },
        };
        var file = Path.Combine(Directory, "agent.json");
        await PrivateFile.WriteAllTextAsync(file, config.ToJsonString(Indented), cancellationToken);
        _agent = ChildProcess.Start($"agent {Spec.Id}", "dotnet", [programs.AgentDll, "run", "--config", file], Path.Combine(Directory, "agent.log"));
    }

    /// <summary>The agent's own status file (<c>dream-agent status --json</c> reads the same).</summary>
    public JsonElement? ReadStatus()
    {
        var file = Path.Combine(DataDirectory, "status.json");
        try
        {
            return File.Exists(file) ? JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone() : null;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    public async Task StopAgentAsync()
    {
        if (_agent is not null)
        {
            await _agent.StopAsync(TimeSpan.FromSeconds(20));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }
}
