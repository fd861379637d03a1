using System.Text.Json;
using Dream.Meters.Simulation;
using Dream.Transparency.Checkpoints;
using Dream.Transparency.Notes;
using Dream.Transparency.Witnesses;

namespace Dream.Demo.Tests;

/// <summary>The README's main command, end to end: a grid day at 720x, checked against physics and the log.</summary>
public sealed class DemoDayTests(DemoDayFixture day) : IClassFixture<DemoDayFixture>
{
    // The step (Wh) each demo meter's energy registers count in, from its profile; written out here as an oracle
    // independent of the decoder. float32 kWh (the Eastrons) keeps under half a Wh at these values: 1.
    private static readonly Dictionary<string, double> RegisterStepWh = new(StringComparer.Ordinal)
    {
        ["eastron-sdm630"] = 1,
        ["abb-b23"] = 10,
        ["sunspec-meter"] = 1,
        ["carlo-gavazzi-em340"] = 100,
        ["eastron-sdm120"] = 1,
    };

    // The simulator's trapezoids start at its reads, the test's at the logged read times: a fraction of a Wh apart.
    private const double IntegrationSlackWh = 1;

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
                // Under heavy acceleration an agent may close an interval late; the next reading's delta then covers it.
                Assert.True(rows[i].GetProperty("startMs").GetInt64() >= rows[i - 1].GetProperty("endMs").GetInt64(), $"{id}: intervals overlap");
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
            var model = new HouseholdModel(new HouseholdOptions { PvPeakWatts = d.GetProperty("pvKwp").GetDouble() * 1000, BaseLoadWatts = d.GetProperty("baseLoadW").GetDouble() });
            // A register is the meter's counter rounded to its step (half a step off), read by the agent in whole Wh (half a Wh).
            var tolerance = (RegisterStepWh[d.GetProperty("profile").GetString()!] / 2) + 1;
            Assert.True(rows.Count >= 2, $"{id}: {rows.Count} readings");

            // Every logged register is one the meter served: a wrong scale, swapped or negated registers are none.
            var served = new List<(DateTimeOffset At, long ImportWh, long ExportWh)>();
            foreach (var row in rows)
            {
                var seq = row.GetProperty("seq").GetInt64();
                var read = row.GetProperty("served");
                Assert.True(read.ValueKind == JsonValueKind.Object, $"{id} seq {seq}: its meter logged no read");
                var (import, export) = (row.GetProperty("importWh").GetInt64(), row.GetProperty("exportWh").GetInt64());
                var (readImport, readExport) = (read.GetProperty("importWh").GetDouble(), read.GetProperty("exportWh").GetDouble());
                Assert.True(Math.Abs(import - readImport) <= tolerance && Math.Abs(export - readExport) <= tolerance,
                    $"{id} seq {seq}: registers {import}/{export} Wh, but the nearest the meter served were {readImport:0.0}/{readExport:0.0} Wh");
                served.Add((DateTimeOffset.FromUnixTimeMilliseconds(read.GetProperty("ms").GetInt64()), import, export));
            }

            // Between the moments those reads were served (however late the agent took them), the registers rose by what
            // the model delivered: each interval, and the whole day. Only the two ends' rounding separates them.
            var spans = Enumerable.Range(1, rows.Count - 1).Select(i => (From: i - 1, To: i)).Append((From: 0, To: rows.Count - 1));
            foreach (var (from, to) in spans)
            {
                var (a, b) = (served[from], served[to]);
                var (modelImport, modelExport) = (Integrate(model, a.At, b.At, export: false), Integrate(model, a.At, b.At, export: true));
                var (loggedImport, loggedExport) = (b.ImportWh - a.ImportWh, b.ExportWh - a.ExportWh);
                var slack = (2 * tolerance) + IntegrationSlackWh;
                Assert.True(Math.Abs(loggedImport - modelImport) <= slack && Math.Abs(loggedExport - modelExport) <= slack,
                    $"{id} seq {rows[from].GetProperty("seq").GetInt64()}..{rows[to].GetProperty("seq").GetInt64()} (served {a.At:HH:mm:ss}..{b.At:HH:mm:ss}): "
                    + $"logged import {loggedImport} export {loggedExport} Wh, the model delivered {modelImport:0.0} and {modelExport:0.0} Wh (allowed {slack} Wh)");
            }

            var exported = served[^1].ExportWh - served[0].ExportWh;
            Assert.True(d.GetProperty("pvKwp").GetDouble() == 0 ? exported == 0 : exported > 1000, $"{id}: export {exported} Wh does not fit its roof");
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
        // The agents keep publishing between the report and their stop, so the final log holds at least the reported readings.
        var line = System.Text.RegularExpressions.Regex.Match(result.StandardOutput, @"readings:\s+(\d+) from 5 devices, 0 open gaps");
        Assert.True(line.Success, result.StandardOutput);
        Assert.True(long.Parse(line.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= readings, result.StandardOutput);
        Assert.Contains("market:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("passports:    5 approved", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_promise_settles_on_what_the_signed_readings_measured_and_the_over_promise_is_caught()
    {
        var report = day.Report;
        Assert.True(report.GetProperty("marketWired").GetBoolean(), report.GetProperty("marketNote").GetString());
        var market = report.GetProperty("market");
        var devices = report.GetProperty("devices").EnumerateArray().ToDictionary(d => d.GetProperty("passportId").GetString()!);
        var ben = report.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Ben Prosumer").GetProperty("did").GetString();
        var promises = market.GetProperty("promises").EnumerateArray().ToList();
        Assert.True(promises.Count >= 4, $"only {promises.Count} promises");
        foreach (var promise in promises)
        {
            var rows = devices[promise.GetProperty("passport").GetString()!].GetProperty("rows").EnumerateArray().ToList();
            // The ledger sums the deltas of the readings inside the window; a delta is the register minus the previous reading's.
            var (start, end) = (promise.GetProperty("start").GetInt64(), promise.GetProperty("end").GetInt64());
            var measured = Enumerable.Range(1, rows.Count - 1)
                .Where(i => rows[i].GetProperty("startMs").GetInt64() >= start && rows[i].GetProperty("endMs").GetInt64() <= end)
                .Sum(i => rows[i].GetProperty("exportWh").GetInt64() - rows[i - 1].GetProperty("exportWh").GetInt64());
            var amount = promise.GetProperty("amountWh").GetInt64();
            Assert.Equal(Math.Min(amount, measured), promise.GetProperty("deliveredWh").GetInt64());
            var outcome = promise.GetProperty("outcome").GetString();
            if (promise.GetProperty("supplier").GetString() == ben)
            {
                Assert.Contains(outcome, new[] { "broken", "partial" });
                Assert.True(promise.GetProperty("paidToPowerCompanyMinor").GetInt64() > 0, "the power company got nothing for Ben's shortfall");
            }
            else
            {
                Assert.Equal("kept", outcome);
                Assert.Equal(0, promise.GetProperty("paidToPowerCompanyMinor").GetInt64());
                Assert.Equal("0.00 EUR", promise.GetProperty("paidToPowerCompany").GetString());
            }
        }

        var powerCompany = report.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("role").GetString() == "power-company");
        Assert.True(powerCompany.GetProperty("penaltiesReceivedMinor").GetInt64() > 0);
        Assert.True(market.GetProperty("refusedBids").GetInt32() > 0);
        Assert.Equal(market.GetProperty("auctions").GetArrayLength(), market.GetProperty("settlements").GetArrayLength());
    }

    [Fact]
    public void The_printed_settlement_report_shows_money_in_currency_units()
    {
        var output = day.Output;
        Assert.Contains("== Settlement report (money in EUR)", output, StringComparison.Ordinal);
        Assert.Contains("tariff v1: EUR, penalty 0.30 EUR per kWh, grid fee 0.02 EUR per kWh", output, StringComparison.Ordinal);
        Assert.Contains("every participant credited 500.00 EUR", output, StringComparison.Ordinal);
        // The participants are listed at the start too, with the same columns: read the report's table only.
        var lines = output.Split('\n').Select(l => l.TrimEnd()).SkipWhile(l => !l.StartsWith("== Settlement report", StringComparison.Ordinal)).ToList();
        foreach (var p in day.Report.GetProperty("participants").EnumerateArray())
        {
            Assert.Equal("EUR", p.GetProperty("currency").GetString());
            var prefix = $"  {p.GetProperty("name").GetString(),-16} {p.GetProperty("role").GetString(),-14} ";
            var line = Assert.Single(lines, l => l.StartsWith(prefix, StringComparison.Ordinal));
            var columns = line[prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Euros(p.GetProperty("moneyInMinor").GetInt64()), columns[2]);
            Assert.Equal(Euros(p.GetProperty("moneyOutMinor").GetInt64()), columns[3]);
            Assert.Equal(Euros(p.GetProperty("balanceMinor").GetInt64()), columns[6]);
        }
    }

    [Fact]
    public void Money_is_conserved()
    {
        var market = day.Report.GetProperty("market");
        var state = market.GetProperty("state");
        var held = market.GetProperty("accounts").EnumerateArray().Sum(a => a.GetProperty("availableMinor").GetInt64() + a.GetProperty("heldMinor").GetInt64() + a.GetProperty("escrowedMinor").GetInt64());
        Assert.True(state.GetProperty("creditedMinor").GetInt64() > 0);
        Assert.Equal(state.GetProperty("creditedMinor").GetInt64() - state.GetProperty("debitedMinor").GetInt64(), held + state.GetProperty("feesMinor").GetInt64());
        Assert.Equal(0, state.GetProperty("escrowMinor").GetInt64());
        Assert.Equal("0.00 EUR", state.GetProperty("escrow").GetString());
    }

    [Fact]
    public async Task The_verifier_key_is_printed_and_written_beside_the_report_and_is_the_key_of_the_log()
    {
        var key = day.Report.GetProperty("verifierKey").GetString()!;
        Assert.Matches(@"^demo\.dream\.local/ledger\+[0-9a-f]{8}\+[A-Za-z0-9+/]+={0,2}$", key);
        Assert.Contains($"Verifier key (pin it): {key}", day.Output, StringComparison.Ordinal);
        Assert.Equal(key + "\n", await File.ReadAllTextAsync(Path.Combine(day.WorkDirectory, "verifier-key.txt")));
        Assert.Equal(key + "\n", await File.ReadAllTextAsync(Path.ChangeExtension(day.ReportFile, ".verifier-key")));

        // It is the key the log's checkpoints are signed with: an audit pinned to it passes, one pinned to another key does not.
        var dataDir = day.Report.GetProperty("ledgerDataDirectory").GetString()!;
        var pinned = await ExternalProgram.RunAsync("dotnet", [Repository.LedgerDll, "verify", "--data-dir", dataDir, "--verifier-key", key], timeout: TimeSpan.FromSeconds(60));
        Assert.True(pinned.ExitCode == 0, pinned.StandardOutput + pinned.StandardError);
        Assert.Contains($"verifier key: {key} (pinned)", pinned.StandardOutput, StringComparison.Ordinal);
        var other = key[..^6] + (key[^6] == 'A' ? "B" : "A") + key[^5..];
        var refused = await ExternalProgram.RunAsync("dotnet", [Repository.LedgerDll, "verify", "--data-dir", dataDir, "--verifier-key", other], timeout: TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, refused.ExitCode);
    }

    [Fact]
    public void The_registered_auditor_verifies_the_live_accelerated_ledger_over_http_and_sees_every_entry()
    {
        var audit = day.Report.GetProperty("audit");
        var output = audit.GetProperty("output").GetString()!;
        Assert.True(audit.GetProperty("verified").GetBoolean(), output);
        Assert.Contains("--key", audit.GetProperty("command").GetString(), StringComparison.Ordinal);
        Assert.Contains("VERIFIED", output, StringComparison.Ordinal);
        Assert.Contains("(0 withheld from this requester)", output, StringComparison.Ordinal);
        Assert.Matches(@"readings:\s+[1-9]\d* from 5 devices", output);
        Assert.Contains("passports:    5 approved", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_checkpoint_carries_both_witness_cosignatures_and_the_audit_requires_them()
    {
        var keys = day.Report.GetProperty("witnessKeys").EnumerateArray().Select(k => k.GetString()!).ToList();
        Assert.Equal(2, keys.Count);
        foreach (var key in keys)
        {
            Assert.Matches(@"^demo\.dream\.local/witness-[12]\+[0-9a-f]{8}\+[A-Za-z0-9+/]+={0,2}$", key);
            Assert.Contains($"Witness key (pin it):  {key}", day.Output, StringComparison.Ordinal);
        }

        // The witnesses were up before the ledger's first checkpoint, so every checkpoint carries both.
        var checkpoints = day.Report.GetProperty("checkpoints").GetInt32();
        Assert.True(checkpoints > 0);
        Assert.Equal(checkpoints, day.Report.GetProperty("checkpointsWitnessed").GetInt32());
        Assert.True(day.Report.GetProperty("latestCheckpointWitnessed").GetBoolean());

        // Independently of the demo's count: the latest checkpoint's cosignatures verify with the witness keys.
        var note = SignedNote.Parse(day.Report.GetProperty("latestCheckpoint").GetString()!);
        var quorum = new WitnessQuorum([.. keys.Select(CosignatureVerifier.Parse)], 2);
        Assert.Equal(2, quorum.Cosigners(note).Count);
        Assert.Equal(day.Report.GetProperty("logSize").GetInt64(), Checkpoint.Parse(note.Text).Size);

        var audit = day.Report.GetProperty("audit");
        var command = audit.GetProperty("command").GetString()!;
        Assert.Contains("--witness-threshold 2", command, StringComparison.Ordinal);
        Assert.All(keys, k => Assert.Contains($"--witness-key {k}", command, StringComparison.Ordinal));
        var output = audit.GetProperty("output").GetString()!;
        Assert.True(audit.GetProperty("verified").GetBoolean(), output);
        Assert.Contains("(2 of 2 witnesses required)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_directory_of_the_day_is_0700_and_every_file_0600_or_stricter()
    {
        const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var directories = Directory.GetDirectories(day.WorkDirectory, "*", SearchOption.AllDirectories).Append(day.WorkDirectory).ToList();
        var files = Directory.GetFiles(day.WorkDirectory, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => Path.GetFileName(f) == "ledger.json");
        Assert.Equal(5, files.Count(f => Path.GetFileName(f) == "agent.json"));
        Assert.Contains(files, f => Path.GetFileName(f) == "passwd");
        var open = directories.Where(d => (File.GetUnixFileMode(d) & GroupOrOthers) != 0)
            .Concat(files.Where(f => (File.GetUnixFileMode(f) & GroupOrOthers) != 0))
            .Select(p => $"{p} {Convert.ToString((int)File.GetUnixFileMode(p), 8)}").ToList();
        Assert.True(open.Count == 0, "readable by others: " + string.Join(", ", open));
        Assert.All(directories, d => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(d)));
    }

    // An oracle independent of Dream.Market's formatter: EUR has two decimals.
    private static string Euros(long minor) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(minor < 0 ? "-" : string.Empty)}{Math.Abs(minor) / 100}.{Math.Abs(minor) % 100:D2}");

    /// <summary>Import or export energy of the model between two moments, by trapezoids of at most 10 s like the
    /// simulator's counters; negative when <paramref name="to"/> is before <paramref name="from"/>.</summary>
    private static double Integrate(HouseholdModel model, DateTimeOffset from, DateTimeOffset to, bool export)
    {
        if (to < from)
        {
            return -Integrate(model, to, from, export);
        }

        var maxStep = TimeSpan.FromSeconds(10);
        double Net(DateTimeOffset t) => model.LoadWatts(t) - model.PvWatts(t);
        double wh = 0;
        var before = Net(from);
        for (var t = from; t < to;)
        {
            var next = to - t < maxStep ? to : t + maxStep;
            var after = Net(next);
            var average = (before + after) / 2;
            wh += Math.Max(export ? -average : average, 0) * (next - t).TotalHours;
            (t, before) = (next, after);
        }

        return wh;
    }
}
