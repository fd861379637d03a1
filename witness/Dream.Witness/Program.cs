using System.CommandLine;
using Dream.Crypto;
using Dream.Systemd;
using Dream.Witness;

var root = new RootCommand("dream-witness: a C2SP tlog-witness that cosigns a ledger's checkpoints only while its log stays append-only.");

var dataDir = new Option<string>("--data-dir") { Description = "The witness's data directory (key and state).", Required = true };
var name = new Option<string>("--name") { Description = "The witness key name, e.g. witness.example.org/w1.", Required = true };
var init = new Command("init", "Create the witness key (0600) and print its verifier key line.") { dataDir, name };
init.SetAction(parse =>
{
    var directory = Path.GetFullPath(parse.GetValue(dataDir)!);
    var keyFile = Path.Combine(directory, WitnessConfig.KeyFileName);
    Directory.CreateDirectory(directory);
    File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    using var key = Ed25519PrivateKey.Generate();
    var verifier = CosignatureVerifier.Create(parse.GetValue(name)!, key.PublicKey);
    KeyFile.Write(keyFile, key);
    File.WriteAllText(Path.Combine(directory, "witness.vkey"), verifier.VerifierKey + "\n");
    Console.WriteLine($"Initialized {directory}");
    Console.WriteLine($"witness key: {verifier.VerifierKey}");
    return 0;
});
root.Subcommands.Add(init);

var config = new Option<string>("--config") { Description = "The JSON configuration file.", Required = true };
var run = new Command("run", "Serve POST /add-checkpoint.") { config };
run.SetAction(async (parse, ct) =>
{
    var settings = WitnessConfig.Load(parse.GetValue(config)!);
    using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
    using var notifier = SystemdNotifier.FromEnvironment();
    void OnSignal(System.Runtime.InteropServices.PosixSignalContext context)
    {
        context.Cancel = true;
        notifier.Stopping();
        stop.Cancel();
    }

    using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, OnSignal);
    using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, OnSignal);
    await using var server = await WitnessServer.StartAsync(settings, cancellationToken: stop.Token);
    Console.WriteLine($"witness key: {server.Witness.Verifier.VerifierKey}; witnessing {string.Join(", ", settings.Logs.Select(l => l.Origin))} on {settings.Listen}");
    notifier.Ready();
    var watchdog = SystemdNotifier.WatchdogInterval();
    try
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(watchdog ?? TimeSpan.FromSeconds(30), stop.Token);
            notifier.Watchdog();
        }
    }
    catch (OperationCanceledException)
    {
        // Stopping.
    }

    return 0;
});
root.Subcommands.Add(run);

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
}
catch (Exception e) when (e is InsecureKeyFileException or KeyFileFormatException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException or IOException or ArgumentException or JsonException
    or Microsoft.Data.Sqlite.SqliteException or Dream.Transparency.Notes.NoteFormatException)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 2;
}
