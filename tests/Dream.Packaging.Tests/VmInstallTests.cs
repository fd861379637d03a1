using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace Dream.Packaging.Tests;

/// <summary>
/// The amd64 packages installed with apt on a bare Debian 12 that boots under qemu with systemd as init
/// (scripts/vm-install-check): the services systemd starts from them must be running, as their own users, with
/// their keys private, the ledger answering on its port. The check inside the VM only reports; this judges.
/// </summary>
[Collection(PackagesGroup.Name)]
public sealed class VmInstallTests(PackagesFixture packages, ITestOutputHelper output)
{
    // Boot, install and start take about a minute with KVM and a few without (TCG); a VM that hangs is stopped here.
    private static readonly TimeSpan BootLimit = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task Apt_install_on_a_bare_Debian_12_gives_services_systemd_keeps_running()
    {
        using var work = new TemporaryDirectory();
        var debs = Path.GetDirectoryName(packages.Deb("dream-agent", "amd64"))!;
        var clock = Stopwatch.StartNew();
        var boot = await ExternalProgram.RunAsync(Path.Combine(packages.Repository, "scripts", "vm-install-check"), [debs, work.Path], timeout: BootLimit);
        output.WriteLine($"{boot.StandardError.Trim()}; {clock.Elapsed.TotalSeconds:0} s");
        var report = new VmReport(ReadOrEmpty(work.Combine("report.log")));
        var why = $"{boot}\nreport:\n{report.Text}\nconsole (last lines):\n{Tail(ReadOrEmpty(work.Combine("console.log")), 60)}";

        Assert.True(boot.ExitCode == 0 && report["end"] is not null, $"The VM did not finish its check.\n{why}");
        Assert.True(report["apt-install"] == "0", $"apt-get install of the .debs, offline, failed.\n{why}");
        foreach (var (unit, user) in new[] { ("dream-ledger", "dream-ledger"), ("dream-agent", "dream") })
        {
            Assert.True(report[$"{unit}-state"] == "active/running", $"{unit} is {report[$"{unit}-state"]} under systemd.\n{why}");
            Assert.True(report[$"{unit}-restarts"] == "0", $"systemd restarted {unit} {report[$"{unit}-restarts"]} times.\n{why}");
            Assert.Equal(user, report[$"{unit}-user"]);
            Assert.Equal("enabled", report[$"{unit}-enabled"]);
        }

        Assert.Multiple(
            () => Assert.Equal("systemd", report["pid1"]),
            () => Assert.StartsWith("12.", report["debian"], StringComparison.Ordinal),
            () => Assert.Equal("0", report["ledger-init"]),
            () => Assert.Matches(@"^dream:x:\d+:\d+:Dream edge agent:/var/lib/dream:/usr/sbin/nologin$", report["user-dream"]),
            () => Assert.Matches(@"^dream-ledger:x:\d+:\d+:Dream ledger:/var/lib/dream-ledger:/usr/sbin/nologin$", report["user-dream-ledger"]),
            () => Assert.Equal(["dialout", "dream", "gpio"], report["groups-dream"]!.Split(' ').Order(StringComparer.Ordinal)),
            () => Assert.Equal("600 dream:dream", report["agent-key"]),
            () => Assert.Equal("750 dream:dream", report["agent-data"]),
            () => Assert.Equal("600 dream-ledger:dream-ledger", report["ledger-key"]),
            () => Assert.Equal("ready 200", report["ledger-readyz"]),
            () => Assert.Equal("ok 200", report["ledger-healthz"]),
            () => Assert.Equal("running", AgentState(report["agent-status-json"])));
    }

    private static string? AgentState(string? statusJson)
    {
        try
        {
            using var status = JsonDocument.Parse(statusJson ?? "null");
            return status.RootElement.ValueKind == JsonValueKind.Object && status.RootElement.TryGetProperty("state", out var state) ? state.GetString() : null;
        }
        catch (JsonException)
        {
            return statusJson;
        }
    }

    private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : string.Empty;

    private static string Tail(string text, int lines) =>
        string.Join('\n', text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n').TakeLast(lines));
}
