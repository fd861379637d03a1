using Dream.Demo.Processes;

namespace Dream.Demo.Ledger;

/// <summary>
/// A <c>dream-witness</c> of the demo ledger's log: its own key and state under the work directory, its own
/// loopback port. In a real grid it runs on a machine the grid authority does not control (docs/witness.md).
/// </summary>
internal sealed class WitnessNode : ChildNode
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private WitnessNode(string name, string directory, int port)
    {
        Name = name;
        Directory = directory;
        Url = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>The witness key name, e.g. <c>demo.dream.local/witness-1</c>.</summary>
    public string Name { get; }

    public string Directory { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    public string ConfigFile => Path.Combine(Directory, "witness.json");

    public Uri Url { get; }

    /// <summary>The witness's C2SP verifier key line (cosignature/v1), as <c>dream-witness init</c> printed it.</summary>
    public string VerifierKey { get; private set; } = string.Empty;

    public static async Task<WitnessNode> InitializeAsync(DreamPrograms programs, string name, string directory, CancellationToken cancellationToken)
    {
        PrivateFile.CreateDirectory(directory);
        var node = new WitnessNode(name, directory, FreePort.Next());
        var output = await ToolRunner.RunAsync("dotnet", [programs.WitnessDll, "init", "--data-dir", node.DataDirectory, "--name", name], TimeSpan.FromSeconds(60), cancellationToken);
        node.VerifierKey = KeyLine(output) ?? throw new InvalidOperationException($"dream-witness init printed no witness key: {output}");
        return node;
    }

    /// <summary>Starts witnessing the log of <paramref name="origin"/> signed by <paramref name="logVerifierKey"/>; returns once it serves.</summary>
    public async Task StartAsync(DreamPrograms programs, string origin, string logVerifierKey, CancellationToken cancellationToken)
    {
        var config = new JsonObject
        {
            ["dataDir"] = DataDirectory,
            ["listen"] = Url.ToString().TrimEnd('/'),
            ["name"] = Name,
            ["logs"] = new JsonArray(new JsonObject { ["origin"] = origin, ["verifierKey"] = logVerifierKey }),
        };
        await PrivateFile.WriteAllTextAsync(ConfigFile, config.ToJsonString(Indented), cancellationToken);
        var logFile = Path.Combine(Directory, "witness.log");
        Child = ChildProcess.Start(Name, "dotnet", [programs.WitnessDll, "run", "--config", ConfigFile], logFile);

        // It prints its key line once its listener is up.
        var line = await Child.WaitForLineAsync(l => l.StartsWith("witness key:", StringComparison.Ordinal), TimeSpan.FromSeconds(60), cancellationToken);
        if (KeyLine(line.Split(';')[0]) != VerifierKey)
        {
            throw new InvalidOperationException($"{Name} runs with another key than init made: {line}; see {logFile}.");
        }
    }

    private static string? KeyLine(string output) => ToolRunner.ValueAfter(output, "witness key:");
}
