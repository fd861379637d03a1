using Dream.Testing;

namespace Dream.Packaging.Tests;

/// <summary>Builds the package once (from the Release binaries the suite already built) and installs it into a scratch root.</summary>
public sealed class AgentPackageFixture : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public string Repository { get; } = FindRepository();

    public string DebPath { get; private set; } = "";

    public string Root => _dir.Combine("root");

    public ProcessResult Install { get; private set; } = new(-1, "", "");

    public async Task InitializeAsync()
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("The packaging tests install with dpkg --root and must run as root (CI does).");
        }

        var build = await ExternalProgram.RunAsync(Path.Combine(Repository, "scripts", "package-agent"), ["--no-build", _dir.Combine("out")], timeout: TimeSpan.FromMinutes(5));
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException("scripts/package-agent failed: " + build);
        }

        DebPath = build.StandardOutput.Trim().Split('\n')[^1];
        PrepareScratchRoot();
        Install = await Dpkg("-i", DebPath);
    }

    public Task<ProcessResult> Dpkg(params string[] arguments) =>
        ExternalProgram.RunAsync("dpkg", ["--root=" + Root, "--force-script-chrootless", "--force-depends", .. arguments], timeout: TimeSpan.FromMinutes(2));

    public string RootPath(string path) => Path.Combine(Root, path.TrimStart('/'));

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _dir.Dispose();

    // A scratch root with an empty dpkg database and the account files of a fresh Debian (root, dialout).
    private void PrepareScratchRoot()
    {
        foreach (var dir in new[] { "var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "var/log", "etc" })
        {
            Directory.CreateDirectory(RootPath(dir));
        }

        File.WriteAllText(RootPath("var/lib/dpkg/status"), "");
        File.WriteAllText(RootPath("var/lib/dpkg/available"), "");
        File.WriteAllText(RootPath("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        File.WriteAllText(RootPath("etc/group"), "root:x:0:\ndialout:x:20:\n");
        File.WriteAllText(RootPath("etc/shadow"), "root:*:19000:0:99999:7:::\n");
        File.WriteAllText(RootPath("etc/gshadow"), "root:*::\ndialout:*::\n");
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dream.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Dream.sln not found above the test binaries.");
    }
}
