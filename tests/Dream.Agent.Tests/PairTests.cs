using System.Text.Json;
using Dream.Contracts;
using Dream.Crypto;
using Dream.Edge.Outbox;

namespace Dream.Agent.Tests;

/// <summary>
/// dream-agent pair against its own simulator: one read of the meter goes into the dream.passport/2 (pairing
/// registers at installedAt, the rating) and into the outbox as the meter's baseline, so the agent's first
/// reading is measured from exactly what the ledger checks it against.
/// </summary>
public sealed class PairTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly Ed25519PrivateKey _installer = Ed25519PrivateKey.Generate();
    private readonly Ed25519PrivateKey _owner = Ed25519PrivateKey.Generate();

    private string DataDirectory => _directory.Combine("data");

    public void Dispose()
    {
        _installer.Dispose();
        _owner.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Pair_writes_the_registers_it_read_into_the_passport_and_the_outbox_baseline()
    {
        await using var sim = await Simulator.StartAsync("--profile", "eastron-sdm630", "--listen", "127.0.0.1:0", "--serial-number", "77001234");
        await InitializeAsync();
        var meter = $"tcp://{sim.Where}?unit=1";
        var before = await RegistersAsync(meter);

        var (code, output, error) = await PairAsync(meter, "passport.json", "--meter-id", "grid");
        var after = await RegistersAsync(meter);

        Assert.True(code == 0, error);
        var passport = SignedPassport.Verify(await File.ReadAllBytesAsync(_directory.Combine("passport.json")));
        Assert.Equal(passport.Id, output.Trim());
        var p = passport.Passport;
        Assert.Equal((2, ProductPassport.TypeV2), (p.Version, p.Type));
        Assert.Equal(100 * 230 * 3, p.MaxPowerW); // the SDM630 profile's rating: 100 A x 230 V x 3 phases
        Assert.InRange(p.PairingImportWh, before.ImportWh - 1, after.ImportWh + 1);
        Assert.InRange(p.PairingExportWh, before.ExportWh - 1, after.ExportWh + 1);
        Assert.Contains($"import {p.PairingImportWh} Wh, export {p.PairingExportWh} Wh", error, StringComparison.Ordinal);
        using var outbox = OutboxStore.Open(Path.Combine(DataDirectory, "outbox.db"));
        var baseline = outbox.GetBaseline("grid");
        Assert.NotNull(baseline);
        Assert.Equal((p.PairingImportWh, p.PairingExportWh, p.InstalledAtMs), (baseline.ImportWh, baseline.ExportWh, baseline.EndMs));
        Assert.Null(outbox.GetBaseline("main"));
    }

    [Fact]
    public async Task The_rating_can_be_given_and_a_rating_that_is_none_is_refused()
    {
        await using var sim = await Simulator.StartAsync("--profile", "eastron-sdm120", "--listen", "127.0.0.1:0");
        await InitializeAsync();
        var meter = $"tcp://{sim.Where}?unit=1";

        var given = await PairAsync(meter, "given.json", "--max-power-w", "17250", "--serial", "120-1");
        var zero = await PairAsync(meter, "zero.json", "--max-power-w", "0", "--serial", "120-1");

        Assert.True(given.Code == 0, given.Error);
        Assert.Equal(17_250, SignedPassport.Verify(await File.ReadAllBytesAsync(_directory.Combine("given.json"))).Passport.MaxPowerW);
        Assert.Equal(2, zero.Code);
        Assert.Contains("--max-power-w 0 is not a rating", zero.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.Combine("zero.json")));
    }

    private async Task InitializeAsync()
    {
        var (code, _, error) = await AgentProcess.RunAsync("init", "--data-dir", DataDirectory);
        Assert.True(code == 0, error);
        KeyFile.Write(_directory.Combine("installer.key"), _installer);
    }

    private Task<(int Code, string Out, string Error)> PairAsync(string meter, string output, params string[] more) =>
        AgentProcess.RunAsync(["pair", "--meter", meter, "--installer-key", _directory.Combine("installer.key"), "--owner", _owner.PublicKey.Did,
            "--connection-point", "871234567890123456", "--data-dir", DataDirectory, "--out", _directory.Combine(output), .. more]);

    /// <summary>The registers as <c>dream-agent read --json</c> shows them (kWh), in Wh.</summary>
    private static async Task<(long ImportWh, long ExportWh)> RegistersAsync(string meter)
    {
        var (code, output, error) = await AgentProcess.RunAsync("read", "--meter", meter, "--json");
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        // read --json gives the energy registers as integer Wh, the numbers a reading signs.
        return (json.GetProperty("energy_import").GetInt64(), json.GetProperty("energy_export").GetInt64());
    }
}
