namespace Dream.Packaging.Tests;

/// <summary>
/// A Debian 12 base root for <c>dpkg --root</c> (scripts/make-base-root): Debian's own libc6 and libssl3 of
/// the architecture unpacked and registered, passwd registered, the account files of a fresh system. So dpkg
/// checks a package's dependencies for real: one that needs anything else does not install. The arm64 root's
/// programs run under qemu-aarch64-static with the root as their / (its glibc, its libssl); the amd64 root's
/// run on this host.
/// </summary>
public sealed class ScratchRoot : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private ScratchRoot(string architecture)
    {
        Architecture = architecture;
    }

    /// <summary>amd64 or arm64 (Debian's names).</summary>
    public string Architecture { get; }

    public string Root => _directory.Path;

    public static async Task<ScratchRoot> CreateAsync(string architecture)
    {
        var root = new ScratchRoot(architecture);
        try
        {
            await root.PrepareAsync();
            return root;
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    public string Path(string path) => System.IO.Path.Combine(Root, path.TrimStart('/'));

    /// <summary>dpkg on this root; maintainer scripts run from the host with DPKG_ROOT set (useradd --root).</summary>
    public Task<ProcessResult> DpkgAsync(params string[] arguments) =>
        ExternalProgram.RunAsync("dpkg", ["--root=" + Root, "--force-script-chrootless", .. arguments], timeout: TimeSpan.FromMinutes(2));

    /// <summary>How to start <paramref name="program"/> (a path inside the root) as this root's machine would.</summary>
    public (string FileName, string[] Arguments) Command(string program, params string[] arguments) => Architecture == "arm64"
        ? ("qemu-aarch64-static", ["-L", Root, Path(program), .. arguments])
        : (Path(program), arguments);

    /// <summary>Starts a long-running program of this root (the agent's or the ledger's <c>run</c>).</summary>
    public RunningProgram Start(string program, params string[] arguments)
    {
        var (fileName, all) = Command(program, arguments);
        return RunningProgram.Start(fileName, all);
    }

    public Task<ProcessResult> RunAsync(string program, params string[] arguments)
    {
        var (fileName, all) = Command(program, arguments);
        return ExternalProgram.RunAsync(fileName, all, timeout: TimeSpan.FromMinutes(2));
    }

    public void Dispose() => _directory.Dispose();

    private async Task PrepareAsync()
    {
        var repository = RepositoryRoot.Find();
        var make = await ExternalProgram.RunAsync(System.IO.Path.Combine(repository, "scripts", "make-base-root"), [Architecture, Root], timeout: TimeSpan.FromMinutes(5));
        if (make.ExitCode != 0)
        {
            throw new InvalidOperationException("scripts/make-base-root failed: " + make);
        }
    }
}
