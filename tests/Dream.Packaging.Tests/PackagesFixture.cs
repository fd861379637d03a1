namespace Dream.Packaging.Tests;

/// <summary>
/// Builds every package once per test run (Native AOT builds are minutes each): dream-agent for arm64 and
/// amd64, dream-ledger and dream-cli for amd64; installs the arm64 agent into an arm64 root and the amd64
/// packages into an amd64 root. DREAM_PACKAGES_DIR names a folder of .debs those scripts already built:
/// scripts/test builds them before the tests run (the hang detector would take a test's minutes of silent AOT
/// building for a hang), and it spares rebuilding while working on the tests.
/// </summary>
public sealed class PackagesFixture : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(25);

    private readonly TemporaryDirectory _out = new();
    private readonly Dictionary<string, ScratchRoot> _roots = [];
    private readonly Dictionary<string, ProcessResult> _installs = [];

    public string Repository { get; } = RepositoryRoot.Find();

    public IReadOnlyDictionary<string, string> Debs { get; private set; } = new Dictionary<string, string>();

    /// <summary>The .deb of <paramref name="package"/> for <paramref name="architecture"/>.</summary>
    public string Deb(string package, string architecture) => Debs[$"{package}_{architecture}"];

    public ScratchRoot Root(string architecture) => _roots[architecture];

    public ProcessResult Install(string package, string architecture) => _installs[$"{package}_{architecture}"];

    public async Task InitializeAsync()
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("The packaging tests install with dpkg --root and must run as root (CI does).");
        }

        var built = new List<string>();
        if (Environment.GetEnvironmentVariable("DREAM_PACKAGES_DIR") is { Length: > 0 } prebuilt)
        {
            built.AddRange(Directory.GetFiles(prebuilt, "*.deb"));
        }
        else
        {
            foreach (var (script, arguments) in new[] { ("package-agent", new[] { "--arch", "all" }), ("package-ledger", ["--arch", "amd64"]) })
            {
                var build = await ExternalProgram.RunAsync(Path.Combine(Repository, "scripts", script), [.. arguments, _out.Path], timeout: BuildLimit);
                if (build.ExitCode != 0)
                {
                    throw new InvalidOperationException($"scripts/{script} failed: {build}");
                }

                built.AddRange(build.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        Debs = built.ToDictionary(Key, deb => deb);
        foreach (var architecture in new[] { "arm64", "amd64" })
        {
            var root = await ScratchRoot.CreateAsync(architecture);
            _roots[architecture] = root;
            foreach (var package in Debs.Keys.Where(k => k.EndsWith("_" + architecture, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                _installs[package] = await root.DpkgAsync("-i", Debs[package]);
            }
        }
    }

    /// <summary>dream-agent_0.1.0_arm64.deb -> dream-agent_arm64.</summary>
    private static string Key(string deb)
    {
        var parts = Path.GetFileNameWithoutExtension(deb).Split('_');
        return $"{parts[0]}_{parts[^1]}";
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var root in _roots.Values)
        {
            root.Dispose();
        }

        _roots.Clear();
        _out.Dispose();
    }
}
