using Dream.Contracts.Broker;
using Dream.Demo.Grid;
using Dream.Demo.Processes;

namespace Dream.Demo.Ledger;

/// <summary>The grid authority's <c>dream-ledger</c>: initialized in the work directory, run on the shared clock.</summary>
internal sealed class LedgerNode : ChildNode
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The checkpoint origin of the demo log, which the witnesses are configured with.</summary>
    public const string Origin = "demo.dream.local/ledger";

    /// <summary>Both witnesses must cosign: the demo's checkpoints are published only with the quorum the audit requires.</summary>
    public const int WitnessThreshold = 2;

    private LedgerNode(string directory, string configFile, int publicPort, int adminPort)
    {
        Directory = directory;
        ConfigFile = configFile;
        PublicUrl = new Uri($"http://127.0.0.1:{publicPort}/");
        AdminUrl = new Uri($"http://127.0.0.1:{adminPort}/");
    }

    public string Directory { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    public string ConfigFile { get; }

    public Uri PublicUrl { get; }

    public Uri AdminUrl { get; }

    public string AdminToken => File.ReadAllText(Path.Combine(DataDirectory, "admin.token")).Trim();

    public string KeyFile => Path.Combine(DataDirectory, "ga.key");

    /// <summary>The C2SP verifier key of the log (the grid authority's checkpoint key), as <c>dream-ledger init</c> printed it.</summary>
    public string VerifierKey { get; private set; } = string.Empty;

    public static async Task<LedgerNode> InitializeAsync(DreamPrograms programs, string directory, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(directory);
        var node = new LedgerNode(directory, Path.Combine(directory, "ledger.json"), FreePort.Next(), FreePort.Next());
        var output = await ToolRunner.RunAsync("dotnet", [programs.LedgerDll, "init", "--data-dir", node.DataDirectory, "--origin", Origin, "--name", "Grid Authority"],
            TimeSpan.FromSeconds(60), cancellationToken);
        node.VerifierKey = ToolRunner.ValueAfter(output, "verifier key:")
            ?? throw new InvalidOperationException($"dream-ledger init printed no verifier key: {output}");
        return node;
    }

    public async Task StartAsync(DreamPrograms programs, Broker broker, BrokerAccount credentials, SimulatedClock clock, IReadOnlyList<WitnessNode> witnesses, string logFile, CancellationToken cancellationToken)
    {
        var config = new JsonObject
        {
            ["dataDir"] = DataDirectory,
            ["listen"] = PublicUrl.ToString().TrimEnd('/'),
            ["adminListen"] = AdminUrl.ToString().TrimEnd('/'),
            ["mqtt"] = new JsonObject
            {
                ["host"] = "127.0.0.1",
                ["port"] = broker.Port,
                ["clientId"] = "dream-ledger",
                ["username"] = credentials.User,
                ["password"] = credentials.Password,
                ["tls"] = true,
                ["caFile"] = broker.CaFile,
            },
            // Periods are simulated seconds: keep a checkpoint about every real second whatever the speed.
            ["checkpointPeriodSeconds"] = Math.Max(5, clock.Speed),
            ["clockSkewSeconds"] = Math.Max(120, 3 * clock.Speed),
            ["marketClockSkewSeconds"] = Math.Max(30, 5 * clock.Speed),
            ["requestClockSkewSeconds"] = Math.Max(300, 5 * clock.Speed),
            ["clock"] = new JsonObject { ["speed"] = clock.Speed, ["epochMs"] = clock.EpochMs },
            ["witnesses"] = new JsonArray([.. witnesses.Select(w => (JsonNode)new JsonObject { ["url"] = w.Url.ToString().TrimEnd('/'), ["verifierKey"] = w.VerifierKey })]),
            // The ledger bounds a witness request on its own (accelerated) clock, so this too is simulated seconds:
            // about 20 real seconds, generous on a loaded machine (a cosignature that comes too late is lost for that checkpoint).
            ["witnessTimeoutSeconds"] = 20,
            ["witnessThreshold"] = WitnessThreshold,
        };
        await PrivateFile.WriteAllTextAsync(ConfigFile, config.ToJsonString(Indented), cancellationToken);
        Child = ChildProcess.Start("dream-ledger", "dotnet", [programs.LedgerDll, "run", "--config", ConfigFile], logFile);
        using var http = new HttpClient { BaseAddress = PublicUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (Child.HasExited)
            {
                throw new InvalidOperationException($"dream-ledger exited with code {Child.ExitCode}; see {logFile}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("readyz", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"dream-ledger was not ready (GET /readyz) within 60 s; see {logFile}.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
