using System.Globalization;
using Dream.Testing;

namespace Dream.Packaging.Tests;

/// <summary>
/// An empty Debian root for <c>dpkg --root</c>: a dpkg database whose only packages are libc6 and passwd (what
/// any Debian 12 / Raspberry Pi OS base has), and the account files of a fresh system. So dpkg checks a
/// package's dependencies for real: one that needs anything else does not install. The arm64 root also holds
/// the arm64 glibc (Debian's libc6-arm64-cross, the glibc of bookworm, at the paths of libc6:arm64), and its
/// programs run under qemu-aarch64-static with the root as their /; the amd64 root's run on the host.
/// </summary>
public sealed class ScratchRoot : IDisposable
{
    private const string CrossLibc = "/usr/aarch64-linux-gnu/lib";

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

    public Task<ProcessResult> RunAsync(string program, params string[] arguments)
    {
        var (fileName, all) = Command(program, arguments);
        return ExternalProgram.RunAsync(fileName, all, timeout: TimeSpan.FromMinutes(2));
    }

    public void Dispose() => _directory.Dispose();

    private async Task PrepareAsync()
    {
        foreach (var dir in new[] { "var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "var/log", "etc", "usr/lib", "usr/bin", "usr/sbin" })
        {
            Directory.CreateDirectory(Path(dir));
        }

        // Merged /usr, as on bookworm.
        File.CreateSymbolicLink(Path("lib"), "usr/lib");
        File.CreateSymbolicLink(Path("bin"), "usr/bin");
        File.CreateSymbolicLink(Path("sbin"), "usr/sbin");
        File.WriteAllText(Path("var/lib/dpkg/available"), "");
        File.WriteAllText(Path("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        File.WriteAllText(Path("etc/group"), "root:x:0:\ndialout:x:20:\n");
        File.WriteAllText(Path("etc/shadow"), "root:*:19000:0:99999:7:::\n");
        File.WriteAllText(Path("etc/gshadow"), "root:*::\ndialout:*::\n");

        string libcVersion;
        if (Architecture == "arm64")
        {
            var multiarch = Path("usr/lib/aarch64-linux-gnu");
            Directory.CreateDirectory(multiarch);
            foreach (var file in Directory.GetFiles(CrossLibc, "*.so*"))
            {
                File.Copy(file, System.IO.Path.Combine(multiarch, System.IO.Path.GetFileName(file)));
            }

            File.CreateSymbolicLink(Path("usr/lib/ld-linux-aarch64.so.1"), "aarch64-linux-gnu/ld-linux-aarch64.so.1");
            libcVersion = await InstalledVersionAsync("libc6-arm64-cross");
        }
        else
        {
            libcVersion = await InstalledVersionAsync("libc6");
        }

        File.WriteAllText(Path("var/lib/dpkg/status"), Installed("libc6", libcVersion, "same") + Installed("passwd", await InstalledVersionAsync("passwd"), "foreign"));
        if (Architecture != await HostArchitectureAsync())
        {
            var add = await DpkgAsync("--add-architecture", Architecture);
            if (add.ExitCode != 0)
            {
                throw new InvalidOperationException("dpkg --add-architecture failed: " + add);
            }
        }
    }

    private string Installed(string package, string version, string multiArch) => string.Create(CultureInfo.InvariantCulture, $"""
        Package: {package}
        Status: install ok installed
        Priority: required
        Section: libs
        Maintainer: Dream tests <dream@localhost>
        Architecture: {Architecture}
        Multi-Arch: {multiArch}
        Version: {version}
        Description: {package} of the scratch root (a Debian base)


        """);

    private static async Task<string> InstalledVersionAsync(string package)
    {
        var query = await ExternalProgram.RunAsync("dpkg-query", ["-W", "-f=${Version}", package]);
        return query.ExitCode == 0 && query.StandardOutput.Length > 0
            ? query.StandardOutput
            : throw new InvalidOperationException($"{package} is not installed (scripts/lib/deps.sh installs it): {query}");
    }

    private static async Task<string> HostArchitectureAsync() =>
        (await ExternalProgram.RunAsync("dpkg", ["--print-architecture"])).StandardOutput.Trim();
}
