using System.CommandLine;
using System.Text.Json;
using Dream.Ledger;
using Dream.Ledger.Server.Cli;
using Dream.Ledger.Server.Hosting;
using Dream.Systemd;

var root = new RootCommand("dream-ledger: the grid authority's ledger server and its admin CLI.");

var dataDir = new Option<string>("--data-dir") { Description = "The ledger's data directory.", Required = true };
var origin = new Option<string>("--origin") { Description = "The log's origin name, e.g. ledger.grid.example/dream.", Required = true };
var gaName = new Option<string>("--name") { Description = "The grid authority's display name.", DefaultValueFactory = _ => "Grid Authority" };
var initPostgres = new Option<string?>("--postgres") { Description = "Keep the log in this PostgreSQL database (an Npgsql connection string; the config's \"postgres\") instead of ledger.db." };
var init = new Command("init", "Create the grid authority key (0600), the admin token and the log.") { dataDir, origin, gaName, initPostgres };
init.SetAction(async (parse, ct) =>
{
    var directory = await LedgerServerStore.InitializeAsync(parse.GetValue(dataDir)!, parse.GetValue(initPostgres), parse.GetValue(origin)!, parse.GetValue(gaName)!, TimeProvider.System, ct);
    using var key = directory.LoadKey();
    Console.WriteLine($"Initialized {directory.Path}");
    Console.WriteLine($"grid authority: {key.PublicKey.Did}");
    Console.WriteLine($"verifier key:   {Dream.Transparency.Notes.NoteVerifier.Create(parse.GetValue(origin)!, key.PublicKey).VerifierKey}");
    return 0;
});
root.Subcommands.Add(init);

var config = new Option<string>("--config") { Description = "The JSON configuration file.", Required = true };
var run = new Command("run", "Run the ledger: MQTT ingest, HTTP API, checkpoints, scheduler.") { config };
run.SetAction(async (parse, ct) =>
{
    var settings = LedgerServerConfig.Load(parse.GetValue(config)!);
    using var notifier = SystemdNotifier.FromEnvironment();

    // SIGTERM (systemctl stop) and SIGINT stop the server in order, from the first moment: also while it
    // is still waiting for the broker at start-up.
    using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
    void OnSignal(System.Runtime.InteropServices.PosixSignalContext context)
    {
        context.Cancel = true;
        notifier.Stopping();
        stop.Cancel();
    }

    using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, OnSignal);
    using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, OnSignal);
    var watchdog = notifier.IsEnabled ? new LedgerWatchdogOptions { Notifier = notifier, Interval = SystemdNotifier.WatchdogInterval() } : null;
    LedgerServer server;
    try
    {
        server = await LedgerServer.StartAsync(settings, settings.CreateTimeProvider(), watchdog: watchdog, cancellationToken: stop.Token);
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
        return 0;
    }

    await using (server)
    {
        Console.WriteLine($"dashboard: {Dream.Ledger.Server.Dashboard.DashboardEndpoints.Url(settings, server.AdminToken)}");
        notifier.Send($"READY=1\nSTATUS=serving, log size {server.Engine.Head.Size}");
        try
        {
            // The watchdog and STATUS= updates are LedgerWatchdog's, a hosted service of the server's web host.
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            notifier.Stopping();
        }
    }

    return 0;
});
root.Subcommands.Add(run);

var participant = new Command("participant", "Register and list participants (through the running server's admin API).");
var did = new Argument<string>("did") { Description = "The participant's did:key." };
var role = new Option<string>("--role") { Description = "power-company, producer, prosumer, consumer, verification-agency or installer (whose passport submissions are accepted).", Required = true };
var name = new Option<string>("--name") { Description = "Display name.", Required = true };
var participantAdd = new Command("add", "Register a participant (a GA-signed log entry).") { did, role, name, config };
participantAdd.SetAction(async (parse, ct) =>
{
    using var admin = new AdminClient(LedgerServerConfig.Load(parse.GetValue(config)!));
    return Print(await admin.PostAsync("admin/v1/participants", new JsonObject { ["did"] = parse.GetValue(did), ["role"] = parse.GetValue(role), ["name"] = parse.GetValue(name) }, ct));
});
var participantList = new Command("list", "List registered participants.") { config };
participantList.SetAction(async (parse, ct) =>
{
    using var admin = new AdminClient(LedgerServerConfig.Load(parse.GetValue(config)!));
    return Print(await admin.GetAsync("admin/v1/participants", ct));
});
participant.Subcommands.Add(participantAdd);
participant.Subcommands.Add(participantList);
root.Subcommands.Add(participant);

var passport = new Command("passport", "Review submitted passports: list, approve (countersign), revoke.");
var passportId = new Argument<string>("id") { Description = "The passport id (hex SHA-256 of its payload)." };
var reason = new Option<string>("--reason") { Description = "Why the passport is revoked.", Required = true };
var passportList = new Command("list", "List pending, approved and revoked passports.") { config };
passportList.SetAction(async (parse, ct) =>
{
    using var admin = new AdminClient(LedgerServerConfig.Load(parse.GetValue(config)!));
    return Print(await admin.GetAsync("admin/v1/passports", ct));
});
var passportApprove = new Command("approve", "Countersign a submitted passport with the GA key and log it.") { passportId, config };
passportApprove.SetAction(async (parse, ct) =>
{
    using var admin = new AdminClient(LedgerServerConfig.Load(parse.GetValue(config)!));
    return Print(await admin.PostAsync($"admin/v1/passports/{parse.GetValue(passportId)}/approve", new JsonObject(), ct));
});
var passportRevoke = new Command("revoke", "Revoke an approved passport; its device's readings are refused from then on.") { passportId, reason, config };
passportRevoke.SetAction(async (parse, ct) =>
{
    using var admin = new AdminClient(LedgerServerConfig.Load(parse.GetValue(config)!));
    return Print(await admin.PostAsync($"admin/v1/passports/{parse.GetValue(passportId)}/revoke", new JsonObject { ["reason"] = parse.GetValue(reason) }, ct));
});
passport.Subcommands.Add(passportList);
passport.Subcommands.Add(passportApprove);
passport.Subcommands.Add(passportRevoke);
root.Subcommands.Add(passport);

var url = new Option<string?>("--url") { Description = "Audit a running ledger over HTTP." };
var auditDir = new Option<string?>("--data-dir") { Description = "Audit a data directory (the server should be stopped, or use a copy)." };
var auditPostgres = new Option<string?>("--postgres") { Description = "Audit a ledger kept in PostgreSQL (an Npgsql connection string), read only; the server may run." };
var auditKey = new Option<string?>("--key") { Description = "An auditor's key file (a verification-agency participant) to sign requests and see every entry." };
var checkpointFile = new Option<string?>("--checkpoint-file") { Description = "A checkpoint saved by an earlier audit: the log must be consistent with it; the new one is saved there." };
var verifierKey = new Option<string?>("--verifier-key") { Description = "Pin the grid authority's verifier key line (name+id+key, from the GA out of band): refuse a ledger signed with any other key." };
var verifierKeyFile = new Option<string?>("--verifier-key-file") { Description = "A file holding the verifier key line to pin (like --verifier-key)." };
var witnessKey = new Option<string[]>("--witness-key") { Description = "A witness's cosignature/v1 verifier key line (or a file holding it); repeat per witness: the latest checkpoint must carry their cosignatures.", AllowMultipleArgumentsPerToken = false };
var witnessThreshold = new Option<int?>("--witness-threshold") { Description = "How many of the --witness-key witnesses must have cosigned (default: all)." };
var verify = new Command("verify", "Check the whole log from scratch; exit 1 on any discrepancy, 2 on a usage error. Needs no GA secret.") { url, auditDir, auditPostgres, auditKey, checkpointFile, verifierKey, verifierKeyFile, witnessKey, witnessThreshold };
verify.SetAction(async (parse, ct) => await VerifyCommand.RunAsync(
    new VerifyOptions
    {
        Url = parse.GetValue(url),
        DataDir = parse.GetValue(auditDir),
        Postgres = parse.GetValue(auditPostgres),
        KeyFile = parse.GetValue(auditKey),
        CheckpointFile = parse.GetValue(checkpointFile),
        VerifierKey = parse.GetValue(verifierKey),
        VerifierKeyFile = parse.GetValue(verifierKeyFile),
        WitnessKeys = parse.GetValue(witnessKey) ?? [],
        WitnessThreshold = parse.GetValue(witnessThreshold),
    },
    Console.Out,
    Console.Error,
    ct));
root.Subcommands.Add(verify);
root.Subcommands.Add(MarketCommands.Create());
root.Subcommands.Add(BrokerAclCommand.Create());

try
{
    // Signals are handled by the commands that run long (run), not by a forced exit after a timeout.
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
}
catch (Exception e) when (e is Dream.Crypto.InsecureKeyFileException or Dream.Crypto.KeyFileFormatException or FileNotFoundException or InvalidDataException or InvalidOperationException or ArgumentException or JsonException
    or System.Data.Common.DbException or IOException or Dream.Ledger.Log.LedgerIntegrityException)
{
    // A misconfigured data directory, key or config file: the message says what to fix; a stack trace would bury it.
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 2;
}

static int Print((bool Ok, JsonElement Body) result)
{
    var text = CliJson.Indented(result.Body);
    (result.Ok ? Console.Out : Console.Error).WriteLine(text);
    return result.Ok ? 0 : 1;
}
