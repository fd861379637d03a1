using System.Text.Json;
using Dream.Meters.Simulation;
using Dream.Testing;

namespace Dream.Demo.Tests;

/// <summary>The README's main command, end to end: a grid day at 720x, checked against physics and the log.</summary>
public sealed class DemoDayTests(DemoDayFixture day) : IClassFixture<DemoDayFixture>
{
    private static readonly TimeSpan MaxSimulatorLag = TimeSpan.FromMinutes(20);

    [Fact]
    public void Every_meter_streams_a_complete_receipted_chain_of_readings()
    {
        var devices = day.Report.GetProperty("devices").EnumerateArray().ToList();
        Assert.Equal(5, devices.Count);
        Assert.Equal(5, devices.Select(d => d.GetProperty("profile").GetString()).Distinct().Count());
        foreach (var d in devices)
        {
            var rows = d.GetProperty("rows").EnumerateArray().ToList();
            var id = d.GetProperty("id").GetString();
            Assert.True(rows.Count >= 30, $"{id}: only {rows.Count} readings");
            for (var i = 1; i < rows.Count; i++)
            {
                Assert.Equal(rows[i - 1].GetProperty("seq").GetInt64() + 1, rows[i].GetProperty("seq").GetInt64());
                Assert.Equal(rows[i - 1].GetProperty("endMs").GetInt64(), rows[i].GetProperty("startMs").GetInt64());
                Assert.True(rows[i].GetProperty("exportWh").GetInt64() >= rows[i - 1].GetProperty("exportWh").GetInt64(), $"{id}: export register went back");
            }

            // Every reading the ledger logged had been receipted back to the agent (its outbox drained).
            Assert.True(d.GetProperty("receiptedSequence").GetInt64() >= rows[^1].GetProperty("seq").GetInt64(), $"{id}: not every logged reading was receipted");
        }
    }

    [Fact]
    public void Logged_energy_matches_what_the_simulated_physics_delivered()
    {
        foreach (var d in day.Report.GetProperty("devices").EnumerateArray())
        {
            var id = d.GetProperty("id").GetString();
            var rows = d.GetProperty("rows").EnumerateArray().ToList();
            var from = DateTimeOffset.FromUnixTimeMilliseconds(rows[0].GetProperty("endMs").GetInt64());
            var to = DateTimeOffset.FromUnixTimeMilliseconds(rows[^1].GetProperty("endMs").GetInt64());
            var loggedExport = rows[^1].GetProperty("exportWh").GetInt64() - rows[0].GetProperty("exportWh").GetInt64();
            var loggedImport = rows[^1].GetProperty("importWh").GetInt64() - rows[0].GetProperty("importWh").GetInt64();
            var model = new HouseholdModel(new HouseholdOptions { PvPeakWatts = d.GetProperty("pvKwp").GetDouble() * 1000, BaseLoadWatts = d.GetProperty("baseLoadW").GetDouble() });

            // The simulator's clock starts a moment (its start-up time x the scale) behind the shared clock,
            // so the meter measured the model over the same span shifted back by at most MaxSimulatorLag.
            var (exportLow, exportHigh) = Bounds(model, from, to, export: true);
            var (importLow, importHigh) = Bounds(model, from, to, export: false);
            Assert.InRange(loggedExport, (exportLow * 0.98) - 20, (exportHigh * 1.02) + 20);
            Assert.InRange(loggedImport, (importLow * 0.98) - 20, (importHigh * 1.02) + 20);
            Assert.True(d.GetProperty("pvKwp").GetDouble() == 0 ? loggedExport == 0 : loggedExport > 1000, $"{id}: export {loggedExport} Wh does not fit its roof");
        }
    }

    [Fact]
    public async Task The_final_log_verifies_from_scratch()
    {
        var dataDir = day.Report.GetProperty("ledgerDataDirectory").GetString()!;
        var result = await ExternalProgram.RunAsync("dotnet", [Repository.LedgerDll, "verify", "--data-dir", dataDir], timeout: TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains("VERIFIED", result.StandardOutput, StringComparison.Ordinal);
        var readings = day.Report.GetProperty("devices").EnumerateArray().Sum(d => d.GetProperty("readings").GetInt32());
        Assert.Contains($"readings:     {readings} from 5 devices, 0 open gaps", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("passports:    5 approved", result.StandardOutput, StringComparison.Ordinal);
    }

    private static (double Low, double High) Bounds(HouseholdModel model, DateTimeOffset from, DateTimeOffset to, bool export)
    {
        var a = Integrate(model, from, to, export);
        var b = Integrate(model, from - MaxSimulatorLag, to - MaxSimulatorLag, export);
        return (Math.Min(a, b), Math.Max(a, b));
    }

    private static double Integrate(HouseholdModel model, DateTimeOffset from, DateTimeOffset to, bool export)
    {
        var step = TimeSpan.FromSeconds(10);
        double wh = 0;
        for (var t = from; t < to; t += step)
        {
            var net = model.LoadWatts(t) - model.PvWatts(t);
            wh += Math.Max(export ? -net : net, 0) * step.TotalHours;
        }

        return wh;
    }
}
