using Dream.Testing;

namespace Dream.Packaging.Tests;

public sealed class AgentPackageTests(AgentPackageFixture package) : IClassFixture<AgentPackageFixture>
{
    [Fact]
    public async Task The_package_metadata_names_the_agent_and_its_dependencies()
    {
        var info = await ExternalProgram.RunAsync("dpkg-deb", ["--field", package.DebPath, "Package", "Architecture", "Depends", "Recommends"]);

        Assert.Equal(0, info.ExitCode);
        Assert.Contains("Package: dream-agent", info.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Architecture: all", info.StandardOutput, StringComparison.Ordinal);
        // Ed25519 comes from NSec's bundled libsodium: no system package.
        Assert.DoesNotContain("libsodium", info.StandardOutput, StringComparison.Ordinal);
        // The agent hosts Kestrel (Microsoft.AspNetCore.App): the plain .NET runtime is not an alternative.
        Assert.Contains("Recommends: aspnetcore-runtime-10.0\n", info.StandardOutput.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet-runtime", info.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Dpkg_installs_it_into_a_scratch_root()
    {
        Assert.True(package.Install.ExitCode == 0, package.Install.ToString());
        foreach (var path in new[]
        {
            "/usr/bin/dream-agent",
            "/usr/lib/dream-agent/dream-agent.dll",
            "/usr/lib/dream-agent/meters/eastron-sdm630.json",
            "/usr/lib/systemd/system/dream-agent.service",
            "/etc/dream/agent.json",
            "/usr/share/doc/dream-agent/README.md",
        })
        {
            Assert.True(File.Exists(package.RootPath(path)), $"{path} is missing from the installed package");
        }

        Assert.True((File.GetUnixFileMode(package.RootPath("/usr/bin/dream-agent")) & UnixFileMode.OtherExecute) != 0);
        Assert.NotEmpty(Directory.GetFiles(package.RootPath("/usr/lib/udev/rules.d"), "*.rules"));
    }

    [Fact]
    public void The_service_user_exists_in_the_dialout_and_gpio_groups_and_owns_its_state()
    {
        var passwd = File.ReadAllLines(package.RootPath("/etc/passwd"));
        var group = File.ReadAllLines(package.RootPath("/etc/group"));
        var user = Assert.Single(passwd, l => l.StartsWith("dream:", StringComparison.Ordinal)).Split(':');

        Assert.Equal("/usr/sbin/nologin", user[6]);
        Assert.True(int.Parse(user[2], System.Globalization.CultureInfo.InvariantCulture) < 1000, "a system user");
        Assert.Contains(group, l => l.StartsWith("dialout:", StringComparison.Ordinal) && l.Split(':')[3].Split(',').Contains("dream"));
        Assert.Contains(group, l => l.StartsWith("gpio:", StringComparison.Ordinal) && l.Split(':')[3].Split(',').Contains("dream"));

        var state = new DirectoryInfo(package.RootPath("/var/lib/dream"));
        Assert.True(state.Exists);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute, state.UnixFileMode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(package.RootPath("/etc/dream/agent.json")));
    }

    [Fact]
    public void The_unit_runs_the_agent_as_the_service_user_with_notify_and_its_devices()
    {
        var unit = File.ReadAllLines(package.RootPath("/usr/lib/systemd/system/dream-agent.service"));

        Assert.Contains("Type=notify", unit);
        Assert.Contains("User=dream", unit);
        Assert.Contains("SupplementaryGroups=dialout gpio", unit);
        Assert.Contains(unit, l => l.StartsWith("ExecStart=/usr/bin/dream-agent run", StringComparison.Ordinal));
        Assert.Contains(unit, l => l.StartsWith("WatchdogSec=", StringComparison.Ordinal));
        Assert.Contains("DeviceAllow=char-gpiochip rw", unit);
    }

    [Fact]
    public async Task The_installed_program_runs_and_lists_its_meter_profiles()
    {
        var run = await ExternalProgram.RunAsync("dotnet", [package.RootPath("/usr/lib/dream-agent/dream-agent.dll"), "profiles", "--json"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("eastron-sdm630", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purging_removes_the_configuration_but_keeps_the_device_state()
    {
        var purge = await package.Dpkg("--purge", "dream-agent");

        Assert.True(purge.ExitCode == 0, purge.ToString());
        Assert.False(File.Exists(package.RootPath("/usr/lib/dream-agent/dream-agent.dll")));
        Assert.False(File.Exists(package.RootPath("/etc/dream/agent.json")));
        Assert.True(Directory.Exists(package.RootPath("/var/lib/dream")), "the outbox and the device key are never deleted by a package operation");

        var reinstall = await package.Dpkg("-i", package.DebPath);
        Assert.True(reinstall.ExitCode == 0, reinstall.ToString());
    }
}
