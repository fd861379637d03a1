using System.Globalization;
using Dream.Contracts.Broker;
using Dream.Demo.Grid;
using Dream.Demo.Ledger;
using Dream.Demo.Market;
using Dream.Demo.Processes;
using Dream.Demo.Report;
using Dream.Market.Money;
using Dream.Transparency.Notes;
using Dream.Transparency.Witnesses;

namespace Dream.Demo;

/// <summary>
/// Brings a whole grid up on loopback, plays the trading day on the shared clock, reports, and tears it all
/// down. Every child is stopped in <see cref="DisposeAsync"/>, whatever happened before.
/// </summary>
internal sealed class DemoRunner : IAsyncDisposable
{
    private const int IntervalMinutes = 5;
    private const int SamplePeriodSeconds = 60;

    private readonly DemoOptions _options;
    private readonly TextWriter _out;
    private readonly List<MeterSite> _sites = [];
    private Broker? _broker;
    private LedgerNode? _ledger;
    private readonly List<WitnessNode> _witnesses = [];

    public DemoRunner(DemoOptions options, TextWriter output)
    {
        _options = options;
        _out = output;
        WorkDirectory = Path.GetFullPath(options.WorkDirectory ?? Directory.CreateTempSubdirectory("dream-demo-").FullName);
    }

    public string WorkDirectory { get; }

    public async Task<DemoReport> RunAsync(CancellationToken cancellationToken)
    {
        // Keys, admin token, MQTT passwords and the configs holding them: everything the demo and its children
        // create is the user's alone (directories 0700, files 0600).
        _ = Libc.Umask(Libc.PrivateUmask);
        PrivateFile.CreateDirectory(WorkDirectory);
        var programs = DreamPrograms.Locate(_options.Repository);
        Say($"Work directory {WorkDirectory} (every key, config, database and log of the day)");

        Step("Grid authority: dream-ledger init (GA key, admin token, log)");
        _ledger = await LedgerNode.InitializeAsync(programs, Path.Combine(WorkDirectory, "ledger"), cancellationToken);
        var ga = Participant.Existing("Grid Authority", "grid-authority", _ledger.KeyFile);
        Say($"  grid authority {ga.Did}");
        await PrivateFile.WriteAllTextAsync(VerifierKeyFile, _ledger.VerifierKey + "\n", cancellationToken);
        Say($"  verifier key   {_ledger.VerifierKey}");
        Say($"  (the key every checkpoint is signed with; pin it out of band, saved in {VerifierKeyFile})");

        Step("Witnesses: two dream-witness services, each keeping the last checkpoint it cosigned and cosigning only a consistent one");
        foreach (var n in new[] { 1, 2 })
        {
            var witness = await WitnessNode.InitializeAsync(programs, $"demo.dream.local/witness-{n}", Path.Combine(WorkDirectory, $"witness-{n}"), cancellationToken);
            _witnesses.Add(witness);
            await witness.StartAsync(programs, LedgerNode.Origin, _ledger.VerifierKey, cancellationToken);
            Say($"  witness key    {witness.VerifierKey}  ({witness.Url})");
        }

        Say($"  (the ledger asks both; every checkpoint is published with their cosignatures, threshold {LedgerNode.WitnessThreshold})");

        Step("Participants: one Ed25519 key each; the installer's key signs every passport");
        var keys = Path.Combine(WorkDirectory, "keys");
        var traders = GridCast.Traders.Select(t => Participant.Create(t.Name, t.Role, keys)).ToList();
        var installer = Participant.Create("Installer", "installer", keys);
        var auditor = Participant.Create("Auditor", "verification-agency", keys);
        foreach (var p in traders)
        {
            Say($"  {p.Name,-16} {p.Role,-14} {p.Did}");
        }

        Step("Edge devices: dream-agent init, one device key per gateway");
        foreach (var (owner, spec) in GridCast.Meters)
        {
            _sites.Add(new MeterSite(spec, traders.Single(t => t.Name == owner), Path.Combine(WorkDirectory, "sites", spec.Id)));
        }

        await Task.WhenAll(_sites.Select(s => s.InitializeDeviceAsync(programs, cancellationToken)));

        Step("Mosquitto: TLS listener (generated CA), a password per device, ACL: a device writes only under dream/v1/{its did}/");
        var ledgerUser = BrokerAccount.Ledger("ledger", BrokerAccount.NewPassword());
        _broker = await Broker.StartAsync(Path.Combine(WorkDirectory, "broker"), [ledgerUser, .. _sites.Select(s => s.Credentials!)],
            Path.Combine(WorkDirectory, "broker", "mosquitto.log"), cancellationToken);
        Say($"  mqtts://127.0.0.1:{_broker.Port}  CA {_broker.CaFile}");

        var simulatedStart = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1), TimeSpan.Zero).AddHours(_options.StartHour);
        var clock = SimulatedClock.Starting(simulatedStart, _options.Scale, DateTimeOffset.UtcNow);
        Step($"The shared clock: simulated {simulatedStart:yyyy-MM-dd HH:mm} UTC, {clock.Speed:0.#}x (epoch {clock.EpochMs} ms, speed {clock.Speed}) for every process");

        Step("Ledger: dream-ledger run (ingest over MQTT/TLS, HTTP API, checkpoints, scheduler)");
        await _ledger.StartAsync(programs, _broker, ledgerUser, clock, _witnesses, Path.Combine(_ledger.Directory, "ledger.log"), cancellationToken);
        using var client = new LedgerClient(_ledger.PublicUrl, _ledger.AdminUrl, _ledger.AdminToken, clock);
        Say($"  public {_ledger.PublicUrl}  admin {_ledger.AdminUrl}");
        foreach (var p in traders)
        {
            await client.AdminPostAsync("admin/v1/participants", new JsonObject { ["did"] = p.Did, ["role"] = p.Role, ["name"] = p.Name }, cancellationToken);
        }

        // The ledger takes passport submissions only from an installer the grid authority registered.
        await client.AdminPostAsync("admin/v1/participants", new JsonObject { ["did"] = installer.Did, ["role"] = installer.Role, ["name"] = installer.Name }, cancellationToken);

        // An admitted auditor may read every entry, readings included, with requests signed by its key.
        await client.AdminPostAsync("admin/v1/participants", new JsonObject { ["did"] = auditor.Did, ["role"] = auditor.Role, ["name"] = auditor.Name }, cancellationToken);
        Say($"  registered {traders.Count} participants, the installer and the auditor ({auditor.Role}, {auditor.KeyFile})");

        Step("Meters: one simulated meter per site (PV + household model) on a loopback Modbus TCP port");
        await Task.WhenAll(_sites.Select(s => s.StartSimulatorAsync(programs, clock, cancellationToken)));
        foreach (var s in _sites)
        {
            Say($"  {s.Spec.Id,-11} {s.Spec.Profile,-20} {s.MeterUri,-28} PV {s.Spec.PvKwp,4:0.#} kWp, base load {s.Spec.BaseLoadW,4:0} W, owner {s.Owner.Name}");
        }

        Step("Pairing: dream-agent pair (passport signed by device and installer) → the GA approves (countersigns)");
        var pairing = _sites.Select((s, i) => s.PairAsync(programs, clock, installer.KeyFile, string.Create(CultureInfo.InvariantCulture, $"8712345678900000{i + 10:00}"), _ledger.PublicUrl, cancellationToken));
        await Task.WhenAll(pairing);
        foreach (var s in _sites)
        {
            var approved = await client.AdminPostAsync($"admin/v1/passports/{s.PassportId}/approve", new JsonObject(), cancellationToken);
            Say($"  {s.Spec.Id,-11} device {s.DeviceDid[..20]}… passport {s.PassportId[..16]}… approved at log index {approved.GetProperty("logIndex")}");
        }

        Step($"Agents: dream-agent run ({IntervalMinutes}-minute signed intervals, durable outbox, MQTT 5 over TLS, receipts)");
        foreach (var s in _sites)
        {
            await s.StartAgentAsync(programs, _broker, ga.Did, clock, IntervalMinutes, SamplePeriodSeconds, cancellationToken);
        }

        await WaitForReceiptsAsync(clock, cancellationToken);
        var ready = clock.Now;
        Say($"  every agent's readings are logged and receipted (simulated {SimulatedClock.Format(ready)})");

        var market = new MarketDay(client, clock, ga, traders, _sites, _out);
        var plan = DayPlan.After(ready, clock.Speed);
        await market.PlayAsync(plan, cancellationToken);

        Step($"Waiting for every meter's readings through {SimulatedClock.Format(plan.DayEnd)}");
        await WaitForReadingsAsync(client, ga, plan.DayEnd, cancellationToken);
        var report = await BuildReportAsync(client, ga, traders, market, plan, clock, cancellationToken);
        PrintReport(report);
        report = report with { Audit = await AuditAsync(programs, auditor, cancellationToken) };
        if (_options.JsonReport is string path)
        {
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, DemoReportJsonContext.Default.DemoReport), cancellationToken);
            var beside = Path.ChangeExtension(Path.GetFullPath(path), ".verifier-key");
            await File.WriteAllTextAsync(beside, report.VerifierKey + "\n", cancellationToken);
            Say($"JSON report: {Path.GetFullPath(path)} (verifier key beside it: {beside})");
        }

        return report;
    }

    /// <summary>Stops the agents first (so nothing is in flight), then the ledger (its log is then final).</summary>
    public async Task StopAsync()
    {
        await Task.WhenAll(_sites.Select(s => s.StopAgentAsync()));
        if (_ledger is not null)
        {
            await _ledger.StopAsync();
        }

        await Task.WhenAll(_witnesses.Select(w => w.StopAsync()));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var s in _sites)
        {
            await s.DisposeAsync();
        }

        if (_ledger is not null)
        {
            await _ledger.DisposeAsync();
        }

        foreach (var w in _witnesses)
        {
            await w.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    public string? LedgerDataDirectory => _ledger?.DataDirectory;

    private string VerifierKeyFile => Path.Combine(WorkDirectory, "verifier-key.txt");

    /// <summary>
    /// What an outside auditor runs against the live ledger: its registered key signs the requests (on the ledger's
    /// accelerated clock, which every answer states in Dream-Time), the verifier key is the one pinned above.
    /// </summary>
    private async Task<AuditReport> AuditAsync(DreamPrograms programs, Participant auditor, CancellationToken cancellationToken)
    {
        string[] arguments = ["verify", "--url", _ledger!.PublicUrl.ToString(), "--key", auditor.KeyFile, "--verifier-key-file", VerifierKeyFile,
            .. _witnesses.SelectMany(w => new[] { "--witness-key", w.VerifierKey }), "--witness-threshold", LedgerNode.WitnessThreshold.ToString(CultureInfo.InvariantCulture)];
        Step("Audit: dream-ledger " + string.Join(' ', arguments));
        string output;
        var verified = true;
        try
        {
            output = await ToolRunner.RunAsync("dotnet", [programs.LedgerDll, .. arguments], TimeSpan.FromSeconds(120), cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            output = e.Message;
            verified = false;
        }

        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Say("  " + line);
        }

        return new AuditReport { Command = "dream-ledger " + string.Join(' ', arguments), Verified = verified, Output = output };
    }

    private async Task WaitForReceiptsAsync(SimulatedClock clock, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(120) + TimeSpan.FromMinutes(3 * IntervalMinutes / clock.Speed);
        while (true)
        {
            var pending = _sites.Where(s => s.ReadStatus() is not { } status || status.GetProperty("lastReceiptSequence").GetInt64() < 1).ToList();
            if (pending.Count == 0)
            {
                return;
            }

            foreach (var s in _sites.Where(s => !s.AgentRunning))
            {
                throw new InvalidOperationException($"The agent of {s.Spec.Id} stopped; see {Path.Combine(s.Directory, "agent.log")}.");
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"No receipt reached {string.Join(", ", pending.Select(s => s.Spec.Id))}; see the agent and ledger logs in {WorkDirectory}.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task WaitForReadingsAsync(LedgerClient client, Participant ga, DateTimeOffset through, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        using var key = ga.LoadKey();
        var throughMs = through.ToUnixTimeMilliseconds();
        while (true)
        {
            var behind = new List<string>();
            foreach (var s in _sites)
            {
                var rows = await ReadingsAsync(client, key, s.DeviceDid, throughMs - (IntervalMinutes * 60_000), cancellationToken);
                if (!rows.Any(r => r.EndMs >= throughMs))
                {
                    behind.Add(s.Spec.Id);
                }
            }

            if (behind.Count == 0)
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The ledger has no reading through {through:HH:mm} for {string.Join(", ", behind)}.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static async Task<List<ReadingRow>> ReadingsAsync(LedgerClient client, Dream.Crypto.Ed25519PrivateKey key, string device, long fromMs, CancellationToken cancellationToken)
    {
        var rows = await client.SignedGetAsync($"/api/v1/readings?device={Uri.EscapeDataString(device)}&from={fromMs}", key, cancellationToken);
        return rows.EnumerateArray().Select(r => new ReadingRow(
            r.GetProperty("seq").GetInt64(), r.GetProperty("start").GetInt64(), r.GetProperty("end").GetInt64(),
            r.GetProperty("importWh").GetInt64(), r.GetProperty("exportWh").GetInt64(), r.GetProperty("logIndex").GetInt64())).ToList();
    }

    /// <summary>The agent's status once it shows the receipt of <paramref name="seq"/> (it rewrites status.json every 5 s).</summary>
    private static async Task<System.Text.Json.JsonElement?> ReceiptedStatusAsync(MeterSite site, long seq, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var status = site.ReadStatus();
            if ((status is { } s && s.GetProperty("lastReceiptSequence").GetInt64() >= seq) || DateTimeOffset.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task<DemoReport> BuildReportAsync(LedgerClient client, Participant ga, List<Participant> traders, MarketDay market, DayPlan plan, SimulatedClock clock, CancellationToken cancellationToken)
    {
        using var key = ga.LoadKey();
        var devices = new List<DeviceReport>();
        foreach (var s in _sites)
        {
            var served = ServedReads.Load(s.ReadLog);
            var rows = (await ReadingsAsync(client, key, s.DeviceDid, 0, cancellationToken)).Select(r => r with { Served = ServedReads.Nearest(served, r) }).ToList();
            var status = await ReceiptedStatusAsync(s, rows.Count == 0 ? 0 : rows[^1].Seq, cancellationToken);
            devices.Add(new DeviceReport
            {
                Id = s.Spec.Id,
                Profile = s.Spec.Profile,
                Owner = s.Owner.Name,
                OwnerDid = s.Owner.Did,
                Did = s.DeviceDid,
                PassportId = s.PassportId,
                PvKwp = s.Spec.PvKwp,
                BaseLoadW = s.Spec.BaseLoadW,
                Readings = rows.Count,
                ImportWh = rows.Count == 0 ? 0 : rows[^1].ImportWh - rows[0].ImportWh,
                ExportWh = rows.Count == 0 ? 0 : rows[^1].ExportWh - rows[0].ExportWh,
                LastSequence = status?.GetProperty("lastSequence").GetInt64() ?? 0,
                ReceiptedSequence = status?.GetProperty("lastReceiptSequence").GetInt64() ?? 0,
                MeterReadLog = s.ReadLog,
                MeterReads = served.Count,
                Rows = rows,
            });
        }

        var checkpoint = await client.GetAsync("log/checkpoints", cancellationToken);
        var notes = checkpoint.EnumerateArray().Select(c => (Size: c.GetProperty("size").GetInt64(), Note: c.GetProperty("note").GetString()!)).ToList();
        var size = notes.Select(c => c.Size).DefaultIfEmpty(0).Max();
        var latest = notes.Count == 0 ? null : notes.MaxBy(c => c.Size).Note;
        var participants = traders.Select(t => new ParticipantReport { Name = t.Name, Role = t.Role, Did = t.Did }).ToList();
        var marketView = await market.SettleReportAsync(participants, devices, cancellationToken);
        return new DemoReport
        {
            WorkDirectory = WorkDirectory,
            ClockSpeed = clock.Speed,
            ClockEpochMs = clock.EpochMs,
            DayStartMs = plan.MarketOpens.ToUnixTimeMilliseconds(),
            DayEndMs = plan.DayEnd.ToUnixTimeMilliseconds(),
            LedgerUrl = _ledger!.PublicUrl.ToString(),
            LedgerDataDirectory = _ledger.DataDirectory,
            DashboardUrl = $"{_ledger.AdminUrl}#token={_ledger.AdminToken}",
            VerifierKey = _ledger.VerifierKey,
            VerifierKeyFile = VerifierKeyFile,
            LogSize = size,
            WitnessKeys = [.. _witnesses.Select(w => w.VerifierKey)],
            Checkpoints = notes.Count,
            CheckpointsWitnessed = notes.Count(c => CosignedByAll(c.Note)),
            LatestCheckpoint = latest,
            LatestCheckpointWitnessed = latest is not null && CosignedByAll(latest),
            Devices = devices,
            Participants = participants,
            MarketWired = market.Wired,
            MarketNote = market.Note,
            Market = marketView,
        };
    }

    /// <summary>Whether the note carries a valid cosignature of every demo witness.</summary>
    private bool CosignedByAll(string note)
    {
        var quorum = new WitnessQuorum([.. _witnesses.Select(w => CosignatureVerifier.Parse(w.VerifierKey))], _witnesses.Count);
        try
        {
            return quorum.Cosigners(SignedNote.Parse(note)).Count == _witnesses.Count;
        }
        catch (NoteFormatException)
        {
            return false;
        }
    }

    private void PrintReport(DemoReport report)
    {
        Step("Metering: what each device's signed readings put in the log");
        Say($"  {"meter",-11} {"owner",-16} {"readings",8} {"import kWh",11} {"export kWh",11} {"receipted",10}");
        foreach (var d in report.Devices)
        {
            Say($"  {d.Id,-11} {d.Owner,-16} {d.Readings,8} {d.ImportWh / 1000.0,11:0.000} {d.ExportWh / 1000.0,11:0.000} {d.ReceiptedSequence,5}/{d.LastSequence,-4}");
        }

        var currency = report.Participants.Select(p => p.Currency).FirstOrDefault(c => c is not null);
        Step(currency is null ? "Settlement report" : $"Settlement report (money in {currency})");
        if (!report.MarketWired || currency is null)
        {
            Say($"  {report.MarketNote}");
        }
        else
        {
            string M(long? minor) => minor is { } m ? MoneyText.FormatNumber(m, currency) : "-";
            Say($"  {"participant",-16} {"role",-14} {"promised Wh",11} {"delivered Wh",12} {"money in",10} {"money out",10} {"penalty paid",12} {"penalty got",11} {"balance",10}");
            foreach (var p in report.Participants)
            {
                Say($"  {p.Name,-16} {p.Role,-14} {p.PromisedWh,11} {p.DeliveredWh,12} {M(p.MoneyInMinor),10} {M(p.MoneyOutMinor),10} {M(p.PenaltiesPaidMinor),12} {M(p.PenaltiesReceivedMinor),11} {M(p.BalanceMinor),10}");
            }
        }

        Say(string.Empty);
        Say($"Log size {report.LogSize}. Audit it after the demo stops: dream-ledger verify --data-dir {report.LedgerDataDirectory} --verifier-key-file {report.VerifierKeyFile}");
        Say($"Verifier key (pin it): {report.VerifierKey}");
        foreach (var key in report.WitnessKeys)
        {
            Say($"Witness key (pin it):  {key}");
        }

        Say($"Checkpoints cosigned by both witnesses: {report.CheckpointsWitnessed} of {report.Checkpoints}");
        Say($"Dashboard: {report.DashboardUrl}");
    }

    private void Step(string text)
    {
        _out.WriteLine();
        _out.WriteLine($"== {text}");
    }

    private void Say(string text) => _out.WriteLine(text);
}
