using System.Globalization;

namespace Dream.Packaging.Tests;

/// <summary>dream-agent_*_arm64.deb and _amd64.deb: what they declare, what dpkg installs, the service user.</summary>
[Collection(PackagesGroup.Name)]
public sealed class AgentPackageTests(PackagesFixture packages)
{
    [Theory]
    [InlineData("arm64")]
    [InlineData("amd64")]
    public async Task The_package_is_for_its_architecture_and_depends_on_the_base_alone(string architecture)
    {
        var deb = packages.Deb("dream-agent", architecture);
        Assert.EndsWith($"dream-agent_0.1.0_{architecture}.deb", deb, StringComparison.Ordinal);
        var info = await ExternalProgram.RunAsync("dpkg-deb", ["--field", deb, "Package", "Architecture", "Depends", "Recommends"]);

        Assert.Equal(0, info.ExitCode);
        var fields = info.StandardOutput.ReplaceLineEndings("\n");
        Assert.Contains("Package: dream-agent\n", fields, StringComparison.Ordinal);
        Assert.Contains($"Architecture: {architecture}\n", fields, StringComparison.Ordinal);
        var depends = fields.Split('\n').Single(l => l.StartsWith("Depends: ", StringComparison.Ordinal));
        // glibc 2.34 is the newest symbol version the executable and its libraries need; bookworm has 2.36.
        Assert.Matches(@"^Depends: libc6 \(>= 2\.(2[0-9]|3[0-4])\), libssl3 \| libssl3t64, passwd$", depends);
        Assert.DoesNotContain("libsodium", fields, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet", fields, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore", fields, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arm64", "AArch64")]
    [InlineData("amd64", "X86-64")]
    public async Task Dpkg_installs_it_into_a_base_root_with_nothing_else(string architecture, string machine)
    {
        var install = packages.Install("dream-agent", architecture);
        Assert.True(install.ExitCode == 0, install.ToString());
        var root = packages.Root(architecture);
        foreach (var path in new[]
        {
            "/usr/lib/dream-agent/dream-agent",
            "/usr/lib/dream-agent/libsodium.so",
            "/usr/lib/dream-agent/libe_sqlite3.so",
            "/usr/lib/dream-agent/meters/eastron-sdm630.json",
            "/usr/lib/systemd/system/dream-agent.service",
            "/etc/dream/agent.json",
            "/usr/share/doc/dream-agent/README.md",
        })
        {
            Assert.True(File.Exists(root.Path(path)), $"{path} is missing from the installed package");
        }

        // No .NET runtime files: one native executable (and no debug symbols shipped).
        Assert.Empty(Directory.GetFiles(root.Path("/usr/lib/dream-agent"), "*.dll"));
        Assert.Empty(Directory.GetFiles(root.Path("/usr/lib/dream-agent"), "*.dbg"));
        Assert.Equal("../lib/dream-agent/dream-agent", new FileInfo(root.Path("/usr/bin/dream-agent")).LinkTarget);
        Assert.True((File.GetUnixFileMode(root.Path("/usr/lib/dream-agent/dream-agent")) & UnixFileMode.OtherExecute) != 0);
        foreach (var elf in new[] { "dream-agent", "libsodium.so", "libe_sqlite3.so" })
        {
            var header = await ExternalProgram.RunAsync("readelf", ["-h", root.Path("/usr/lib/dream-agent/" + elf)]);
            Assert.Contains(machine, header.StandardOutput, StringComparison.Ordinal);
        }

        Assert.NotEmpty(Directory.GetFiles(root.Path("/usr/lib/udev/rules.d"), "*.rules"));
        var conffiles = await File.ReadAllTextAsync(root.Path("/var/lib/dpkg/info/dream-agent.conffiles"));
        Assert.Contains("/etc/dream/agent.json", conffiles, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arm64")]
    [InlineData("amd64")]
    public void The_service_user_exists_in_the_dialout_and_gpio_groups_and_owns_its_state(string architecture)
    {
        var root = packages.Root(architecture);
        var passwd = File.ReadAllLines(root.Path("/etc/passwd"));
        var group = File.ReadAllLines(root.Path("/etc/group"));
        var user = Assert.Single(passwd, l => l.StartsWith("dream:", StringComparison.Ordinal)).Split(':');

        Assert.Equal("/usr/sbin/nologin", user[6]);
        Assert.True(int.Parse(user[2], CultureInfo.InvariantCulture) < 1000, "a system user");
        Assert.Contains(group, l => l.StartsWith("dialout:", StringComparison.Ordinal) && l.Split(':')[3].Split(',').Contains("dream"));
        Assert.Contains(group, l => l.StartsWith("gpio:", StringComparison.Ordinal) && l.Split(':')[3].Split(',').Contains("dream"));

        var state = new DirectoryInfo(root.Path("/var/lib/dream"));
        Assert.True(state.Exists);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute, state.UnixFileMode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(root.Path("/etc/dream/agent.json")));
    }

    [Fact]
    public void The_unit_runs_the_agent_as_the_service_user_with_notify_and_its_devices()
    {
        var unit = File.ReadAllLines(packages.Root("arm64").Path("/usr/lib/systemd/system/dream-agent.service"));

        Assert.Contains("Type=notify", unit);
        Assert.Contains("User=dream", unit);
        Assert.Contains("SupplementaryGroups=dialout gpio", unit);
        Assert.Contains(unit, l => l.StartsWith("ExecStart=/usr/bin/dream-agent run", StringComparison.Ordinal));
        Assert.Contains(unit, l => l.StartsWith("WatchdogSec=", StringComparison.Ordinal));
        Assert.Contains("DeviceAllow=char-gpiochip rw", unit);
    }

    [Fact]
    public async Task A_package_that_needs_more_than_the_base_does_not_install()
    {
        // The check above means something: the same root refuses a package depending on a library it lacks.
        using var work = new TemporaryDirectory();
        var pkg = work.Combine("needs-libsodium");
        Directory.CreateDirectory(Path.Combine(pkg, "DEBIAN"));
        await File.WriteAllTextAsync(Path.Combine(pkg, "DEBIAN", "control"), "Package: needs-libsodium\nVersion: 1\nArchitecture: arm64\nMaintainer: t <t@localhost>\nDepends: libsodium23\nDescription: t\n");
        var deb = work.Combine("needs-libsodium.deb");
        Assert.Equal(0, (await ExternalProgram.RunAsync("dpkg-deb", ["--root-owner-group", "--build", pkg, deb])).ExitCode);

        using var root = await ScratchRoot.CreateAsync("arm64");
        var install = await root.DpkgAsync("-i", deb);
        Assert.NotEqual(0, install.ExitCode);
        Assert.Contains("libsodium23", install.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purging_removes_the_configuration_but_keeps_the_device_state()
    {
        using var root = await ScratchRoot.CreateAsync("amd64");
        var deb = packages.Deb("dream-agent", "amd64");
        Assert.Equal(0, (await root.DpkgAsync("-i", deb)).ExitCode);

        var purge = await root.DpkgAsync("--purge", "dream-agent");

        Assert.True(purge.ExitCode == 0, purge.ToString());
        Assert.False(File.Exists(root.Path("/usr/lib/dream-agent/dream-agent")));
        Assert.False(File.Exists(root.Path("/etc/dream/agent.json")));
        Assert.True(Directory.Exists(root.Path("/var/lib/dream")), "the outbox and the device key are never deleted by a package operation");

        var reinstall = await root.DpkgAsync("-i", deb);
        Assert.True(reinstall.ExitCode == 0, reinstall.ToString());
    }
}
