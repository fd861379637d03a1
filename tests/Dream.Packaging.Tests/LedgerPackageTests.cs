using System.Net.Http;

namespace Dream.Packaging.Tests;

/// <summary>dream-ledger_*_amd64.deb and dream-cli_*_amd64.deb installed into a base root, their programs run on this host.</summary>
[Collection(PackagesGroup.Name)]
public sealed class LedgerPackageTests(PackagesFixture packages)
{
    private ScratchRoot Root => packages.Root("amd64");

    [Theory]
    [InlineData("dream-ledger")]
    [InlineData("dream-cli")]
    public async Task Each_package_installs_alone_and_depends_on_the_base_alone(string package)
    {
        var install = packages.Install(package, "amd64");
        Assert.True(install.ExitCode == 0, install.ToString());
        var info = await ExternalProgram.RunAsync("dpkg-deb", ["--field", packages.Deb(package, "amd64"), "Depends"]);
        // One field asked: dpkg-deb prints its value alone.
        Assert.Matches(@"^libc6 \(>= 2\.(2[0-9]|3[0-4])\), libssl3 \| libssl3t64(, passwd)?\s*$", info.StandardOutput);
        Assert.Empty(Directory.GetFiles(Root.Path("/usr/lib/" + package), "*.dll"));
    }

    [Fact]
    public void The_ledger_has_its_user_its_private_state_directory_its_unit_and_its_config()
    {
        var user = Assert.Single(File.ReadAllLines(Root.Path("/etc/passwd")), l => l.StartsWith("dream-ledger:", StringComparison.Ordinal)).Split(':');
        Assert.Equal("/var/lib/dream-ledger", user[5]);
        Assert.Equal("/usr/sbin/nologin", user[6]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, new DirectoryInfo(Root.Path("/var/lib/dream-ledger")).UnixFileMode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(Root.Path("/etc/dream/ledger.json")));
        Assert.Contains("/etc/dream/ledger.json", File.ReadAllText(Root.Path("/var/lib/dpkg/info/dream-ledger.conffiles")), StringComparison.Ordinal);
        var unit = File.ReadAllLines(Root.Path("/usr/lib/systemd/system/dream-ledger.service"));
        Assert.Contains("User=dream-ledger", unit);
        Assert.Contains("ExecStart=/usr/bin/dream-ledger run --config /etc/dream/ledger.json", unit);
        Assert.True(File.Exists(Root.Path("/usr/lib/dream-ledger/wwwroot/index.html")), "the dashboard's pages travel beside the executable");
    }

    [Fact]
    public async Task The_installed_ledger_initializes_and_serves_with_the_packaged_config()
    {
        using var work = new TemporaryDirectory();
        await using var broker = await MosquittoProcess.StartAsync();
        var data = work.Combine("data");
        var init = await Root.RunAsync("/usr/bin/dream-ledger", "init", "--data-dir", data, "--origin", "ledger.test/dream");
        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("grid authority: did:key:z6Mk", init.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "ga.key")));

        // The shipped /etc/dream/ledger.json, pointed at this test's data, broker and ports.
        var port = FreePort.Next();
        var config = (await File.ReadAllTextAsync(Root.Path("/etc/dream/ledger.json")))
            .Replace("/var/lib/dream-ledger", data, StringComparison.Ordinal)
            .Replace("0.0.0.0:8080", $"127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace("127.0.0.1:8081", $"127.0.0.1:{FreePort.Next()}", StringComparison.Ordinal)
            .Replace("\"port\": 1883", $"\"port\": {broker.Port}", StringComparison.Ordinal);
        var path = work.Combine("ledger.json");
        await File.WriteAllTextAsync(path, config);

        await using var ledger = Root.Start("/usr/bin/dream-ledger", "run", "--config", path);
        using var http = new HttpClient();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        string? answer = null;
        while (answer != "ready")
        {
            if (ledger.HasExited || limit.IsCancellationRequested)
            {
                await ledger.KillAsync();
                Assert.Fail($"The ledger never became ready (last answer {answer}):\n{ledger.Output}");
            }

            try
            {
                answer = (await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/readyz"), limit.Token)).Trim();
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    [Fact]
    public async Task The_participants_cli_makes_a_key_file_only_its_owner_reads()
    {
        using var work = new TemporaryDirectory();
        var key = work.Combine("key");
        var made = await Root.RunAsync("/usr/bin/dream", "key", "new", "--key", key);

        Assert.True(made.ExitCode == 0, made.ToString());
        Assert.Contains("did:key:z6Mk", made.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        var help = await Root.RunAsync("/usr/bin/dream", "--help");
        Assert.Contains("promise", help.StandardOutput, StringComparison.Ordinal);
    }
}
