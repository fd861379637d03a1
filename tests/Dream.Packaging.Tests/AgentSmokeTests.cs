using System.Text.Json;

namespace Dream.Packaging.Tests;

/// <summary>
/// The installed agent run as its machine runs it: the arm64 binary under qemu-aarch64-static with the arm64
/// root as its /, the amd64 binary on this host. Real peers: pymodbus serves the meter, Mosquitto carries the
/// readings, the test ledger (Dream.Edge.Tests' FakeLedger) verifies them and signs receipts.
/// </summary>
[Collection(PackagesGroup.Name)]
public sealed class AgentSmokeTests(PackagesFixture packages)
{
    private const string Agent = "/usr/bin/dream-agent";

    // ABB B23: import 201 x 0.01 kWh, export 1606 x 0.01 kWh, power 12345 x 0.01 W.
    private const string MeterRegisters = """{"1": {"hr": [[20480, "uint64", 201], [20484, "uint64", 1606], [23316, "int32", 12345], [23340, "uint16", 5000]]}}""";

    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData("arm64")]
    [InlineData("amd64")]
    public async Task Help_names_the_commands(string architecture)
    {
        var help = await packages.Root(architecture).RunAsync(Agent, "--help");

        Assert.True(help.ExitCode == 0, help.ToString());
        foreach (var command in new[] { "init", "run", "read", "profiles", "status" })
        {
            Assert.Contains(command, help.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("arm64")]
    [InlineData("amd64")]
    public async Task Init_creates_the_device_key_readable_by_its_owner_only(string architecture)
    {
        using var data = new TemporaryDirectory();
        var init = await packages.Root(architecture).RunAsync(Agent, "init", "--data-dir", data.Path);

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.StartsWith("did:key:z6Mk", init.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(data.Combine("device.key")));
        Assert.True(File.Exists(data.Combine("outbox.db")), "init creates the SQLite outbox (the packaged e_sqlite3 works)");
    }

    [Theory]
    [InlineData("arm64")]
    [InlineData("amd64")]
    public async Task Profiles_lists_the_shipped_models_from_beside_the_binary(string architecture)
    {
        var root = packages.Root(architecture);
        var run = await root.RunAsync(Agent, "profiles", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var ids = JsonDocument.Parse(run.StandardOutput).RootElement.EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        var shipped = Directory.GetFiles(root.Path("/usr/lib/dream-agent/meters"), "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(shipped, ids);
        Assert.Contains("eastron-sdm630", ids);
    }

    [Theory]
    [InlineData("arm64")]
    [InlineData("amd64")]
    public async Task Read_shows_the_exact_wh_of_registers_served_by_pymodbus(string architecture)
    {
        await using var meter = await PyModbusMeter.StartAsync(MeterRegisters);
        var read = await packages.Root(architecture).RunAsync(Agent, "read", "--meter", $"tcp://127.0.0.1:{meter.Port}?unit=1", "--profile", "abb-b23", "--json");

        Assert.True(read.ExitCode == 0, read.ToString());
        var json = JsonDocument.Parse(read.StandardOutput).RootElement;
        Assert.Equal(2010, json.GetProperty("energy_import").GetInt64());
        Assert.Equal(16060, json.GetProperty("energy_export").GetInt64());
        Assert.Equal(123, json.GetProperty("power").GetInt64());
    }

    [Theory]
    [InlineData("arm64")]
    [InlineData("amd64")]
    public async Task Run_streams_signed_readings_until_the_ledgers_receipt_prunes_the_outbox(string architecture)
    {
        var root = packages.Root(architecture);
        using var work = new TemporaryDirectory();
        await using var meter = await PyModbusMeter.StartAsync(MeterRegisters);
        await using var broker = await MosquittoProcess.StartAsync();
        await using var ledger = new FakeLedger(broker.Port);
        await ledger.StartAsync();
        var data = work.Combine("data");
        var init = await root.RunAsync(Agent, "init", "--data-dir", data);
        Assert.True(init.ExitCode == 0, init.ToString());
        var device = init.StandardOutput.Trim();
        var config = work.Combine("agent.json");
        await File.WriteAllTextAsync(config, $$"""
            {"meters":[{"id":"main","uri":"tcp://127.0.0.1:{{meter.Port}}?unit=1","profile":"abb-b23","samplePeriodSeconds":10,"intervalMinutes":1,"passportId":"{{new string('d', 64)}}"}],
             "broker":{"host":"127.0.0.1","port":{{broker.Port}},"receiptTimeoutSeconds":60},
             "gridAuthorityKey":"{{ledger.GridAuthority.PublicKey.Did}}",
             "dataDirectory":"{{data}}",
             "testing":{"clockSpeed":30,"clockEpochMs":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}} } }
            """);

        await using var agent = root.Start(Agent, "run", "--config", config);
        var status = Path.Combine(data, "status.json");
        using var limit = new CancellationTokenSource(RunLimit);
        JsonElement last = default;
        while (!Pruned(status, out last))
        {
            if (agent.HasExited || limit.IsCancellationRequested)
            {
                await agent.KillAsync();
                Assert.Fail($"No receipt pruned the outbox (ledger through {ledger.Through}, problems: {string.Join("; ", ledger.Problems)}).\nstatus: {last}\nagent:\n{agent.Output}");
            }

            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Empty(ledger.Problems);
        Assert.True(ledger.Through >= 3, $"the ledger holds readings through {ledger.Through}");
        var reading = ledger.Readings[1].Reading;
        Assert.Equal(device, reading.Device);
        Assert.Equal(2010, reading.ImportWh);
        Assert.Equal(16060, reading.ExportWh);
    }

    /// <summary>
    /// Receipted readings have left the outbox: at least three are receipted and the outbox holds exactly
    /// the readings after the receipt (status.json is written whole, so its numbers are of one moment).
    /// </summary>
    private static bool Pruned(string statusFile, out JsonElement status)
    {
        status = default;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(statusFile));
            status = document.RootElement.Clone();
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return false;
        }

        var receipted = status.GetProperty("lastReceiptSequence").GetInt64();
        return receipted >= 3 && status.GetProperty("outboxDepth").GetInt64() == status.GetProperty("lastSequence").GetInt64() - receipted;
    }
}
