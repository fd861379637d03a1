using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Dream.Benchmarks.Common;
using Dream.Contracts;
using Dream.Crypto;
using Dream.Ledger;
using Dream.Ledger.Server.Hosting;
using Dream.Mqtt;
using Dream.Testing;

// Fleet generator: N devices with their own keys and approved passports publish signed readings through
// a real Mosquitto into the ledger (verify, store with fsync, log, receipt). Printed beside this machine's
// ceilings measured in the same run: libsodium verifies/s and Mosquitto's raw QoS 1 rate.
var devices = Arg("--devices", 1000);
var perDevice = Arg("--readings", 30);
var publishers = Arg("--publishers", 4);
var warmup = Math.Min(Arg("--warmup", 3), perDevice - 1);
// --store postgres: the log in a PostgreSQL this run starts on loopback (initdb, fsync on), instead of ledger.db.
var storeAt = Array.IndexOf(args, "--store");
var onPostgres = storeAt >= 0 && storeAt + 1 < args.Length && args[storeAt + 1] == "postgres";
var total = devices * (perDevice - warmup);

Console.WriteLine($"cores: {Environment.ProcessorCount}, {Ed25519.Implementation}");
var (verify1, verifyAll) = Ceilings.MeasureVerifies();
Console.WriteLine($"libsodium Ed25519 verify: {verify1:N0}/s on 1 core, {verifyAll:N0}/s on all cores");

await using var broker = await MosquittoProcess.StartAsync();
var (raw, rawCpu) = await MeasureMosquittoAsync(broker.Port, total, publishers);
Console.WriteLine($"mosquitto raw QoS 1 (700-byte messages, {publishers} publishers -> 1 subscriber): {raw:N0} msg/s; publishing and receiving them cost this process {rawCpu.TotalSeconds:F2} CPU-s ({rawCpu.TotalMicroseconds / total:F0} us per message), the broker {ProcessStats.ChildrenCpu("mosquitto").TotalSeconds:F2} CPU-s so far");

using var temp = new TemporaryDirectory();
await using var postgres = onPostgres ? await PostgresProcess.StartAsync() : null;
var config = new LedgerServerConfig
{
    Postgres = postgres is null ? null : await postgres.CreateDatabaseAsync("bench"),
    DataDir = temp.Combine("data"),
    Listen = $"http://127.0.0.1:{FreePort.Next()}",
    AdminListen = $"http://127.0.0.1:{FreePort.Next()}",
    Mqtt = new MqttConfig { Host = "127.0.0.1", Port = broker.Port, ClientId = "bench-ledger" },
};
await LedgerServerStore.InitializeAsync(config.DataDir, config.Postgres, "bench.ledger/dream", "Bench GA", TimeProvider.System);
Console.WriteLine($"store: {LedgerServerStore.Describe(config)}");
await using var server = await LedgerServer.StartAsync(config, logging: _ => { });

Console.WriteLine($"fleet: {devices} devices x {perDevice} readings ({warmup} per device as warm-up), all signed before the clock starts...");
var owner = Ed25519PrivateKey.Generate();
var start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 900_000 - perDevice - 10) * 900_000;
var fleet = new List<(string Device, byte[][] Messages)>();
var approvals = new List<Task<long>>();
for (var d = 0; d < devices; d++)
{
    using var key = Ed25519PrivateKey.Generate();
    using var installer = Ed25519PrivateKey.Generate();
    var passport = BenchmarkPassport.Create(key, installer, owner.PublicKey.Did, d);
    approvals.Add(server.Engine.AppendRegistryAsync(passport.Envelope.Countersign(server.Key)));
    var prev = IntervalReading.GenesisHash;
    var messages = new byte[perDevice][];
    for (var s = 1; s <= perDevice; s++)
    {
        var reading = SignedReading.Create(new IntervalReading
        {
            Device = key.PublicKey.Did, Passport = passport.Id, Sequence = s, StartMs = start + (s - 1) * 900_000L, EndMs = start + s * 900_000L,
            ImportWh = 1000 + s * 10, ExportWh = 0, DeltaImportWh = 10, DeltaExportWh = 0, MinW = 30, AvgW = 40, MaxW = 50, Samples = 90,
            Flags = ReadingQuality.None, PreviousHash = prev,
        }, key);
        prev = reading.Hash;
        messages[s - 1] = reading.Envelope.ToBytes();
    }

    fleet.Add((key.PublicKey.Did, messages));
}

await Task.WhenAll(approvals);
var clients = new List<MqttClient>();
for (var p = 0; p < publishers; p++)
{
    var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = $"fleet-{p}", ReceiveMaximum = 1000 });
    await client.ConnectAsync();
    clients.Add(client);
}

var metrics = server.Engine.Metrics;

// Warm-up (not counted): the first readings of every device, so the JIT has compiled the hot paths, as in
// a ledger that has been running for a while.
var warmStart = metrics.Accepted;
await PublishAsync(0, warmup);
await WaitAcceptedAsync(warmStart + (devices * warmup));
Console.WriteLine($"warm-up: {metrics.Accepted - warmStart} readings accepted (not counted); measuring {total} readings from {publishers} publishers...");

var before = metrics.Accepted;
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var brokerBefore = ProcessStats.ChildrenCpu("mosquitto");
var databaseBefore = ProcessStats.DescendantsCpu("postgres");
var (gcCountBefore, gcPauseBefore) = (GC.CollectionCount(0), GC.GetTotalPauseDuration());
var clock = Stopwatch.StartNew();
await PublishAsync(warmup, perDevice);
var published = clock.Elapsed;
await WaitAcceptedAsync(before + total);
var elapsed = clock.Elapsed;
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
var brokerCpu = ProcessStats.ChildrenCpu("mosquitto") - brokerBefore;
var databaseCpu = ProcessStats.DescendantsCpu("postgres") - databaseBefore;
var (gcs, gcPause) = (GC.CollectionCount(0) - gcCountBefore, GC.GetTotalPauseDuration() - gcPauseBefore);

async Task WaitAcceptedAsync(long target)
{
    using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
    while (metrics.Accepted < target && !limit.IsCancellationRequested)
    {
        await Task.Delay(5);
    }
}

async Task PublishAsync(int from, int to) => await Task.WhenAll(clients.Select((client, p) => Task.Run(async () =>
{
    var pending = new List<Task<MqttPublishResult>>();
    for (var s = from; s < to; s++)
    {
        for (var d = p; d < devices; d += publishers)
        {
            pending.Add(client.PublishAsync(Topics.Readings(fleet[d].Device), fleet[d].Messages[s], MqttQualityOfService.AtLeastOnce));
            if (pending.Count >= 500)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }
    }

    await Task.WhenAll(pending);
})));

var accepted = metrics.Accepted - before;
var rate = accepted / elapsed.TotalSeconds;
Console.WriteLine($"ledger: {accepted} readings verified, stored (fsync), logged in {elapsed.TotalSeconds:F2} s (published in {published.TotalSeconds:F2} s): {rate:N0} readings/s; rejected {metrics.RejectedTotal}, receipts {metrics.Receipts}");
var cores = Environment.ProcessorCount;

// The machine is shared: the ceiling is measured again now and the better of the two measurements counts.
var (verify1End, verifyAllEnd) = Ceilings.MeasureVerifies();
Console.WriteLine($"libsodium Ed25519 verify again: {verify1End:N0}/s on 1 core, {verifyAllEnd:N0}/s on all cores (the better of the two counts)");
(verify1, verifyAll) = (Math.Max(verify1, verify1End), Math.Max(verifyAll, verifyAllEnd));
var generatorCpu = rawCpu.TotalSeconds * accepted / total;
Console.WriteLine($"CPU while measuring: this process {cpu.TotalSeconds:F2} CPU-s ({cpu.TotalSeconds / (elapsed.TotalSeconds * cores):P0} of {cores} cores), the broker {brokerCpu.TotalSeconds:F2} CPU-s; the fleet generator's share, bounded by the raw run (its publishers plus one subscriber), ~{generatorCpu:F2} CPU-s ({generatorCpu / (cpu.TotalSeconds + brokerCpu.TotalSeconds):P0} of the CPU used)");
var ledgerCpuPerReading = Math.Max(1e-9, cpu.TotalSeconds - generatorCpu) * 1e6 / accepted;
Console.WriteLine($"ledger CPU per reading ~{ledgerCpuPerReading:F0} us (one verify {1e6 / verify1:F0} us): with both cores to itself ~{cores * 1e6 / ledgerCpuPerReading:N0} readings/s");
if (onPostgres)
{
    Console.WriteLine($"PostgreSQL's own CPU (its backends, WAL writer, checkpointer) while measuring: {databaseCpu.TotalSeconds:F2} CPU-s, ~{databaseCpu.TotalSeconds * 1e6 / accepted:F0} us per reading");
}

Console.WriteLine($"GC while measuring: {gcs} collections, paused {gcPause.TotalMilliseconds:F0} ms ({(GCSettings.IsServerGC ? "server" : "workstation")} GC)");
Console.WriteLine($"ceiling: {verifyAll:N0} verifies/s on all cores (one per reading); ratio {rate / verifyAll:P0}; load average {Ceilings.LoadAverage()}");
foreach (var client in clients)
{
    await client.DisposeAsync();
}

owner.Dispose();
Console.WriteLine($"RESULT ledger_store={(onPostgres ? "postgres" : "sqlite")}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT ledger_readings_per_s={rate:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT ledger_ratio_to_verify_ceiling={rate / verifyAll:F2}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT ledger_database_cpu_us_per_reading={databaseCpu.TotalSeconds * 1e6 / accepted:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT ledger_cpu_us_per_reading={ledgerCpuPerReading:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT ledger_generator_cpu_share={generatorCpu / (cpu.TotalSeconds + brokerCpu.TotalSeconds):F2}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT libsodium_verifies_per_s_1core={verify1:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT libsodium_verifies_per_s_all_cores={verifyAll:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT mosquitto_qos1_msgs_per_s={raw:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT ledger_goal_10000_met={(rate >= 10_000 ? 1 : 0)}"));
return accepted == total ? 0 : 1;

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static async Task<(double Rate, TimeSpan Cpu)> MeasureMosquittoAsync(int port, int count, int publishers)
{
    await using var subscriber = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = port, ClientId = "raw-sub", MessageBufferCapacity = 10_000, ReceiveMaximum = 1000 });
    await subscriber.ConnectAsync();
    await subscriber.SubscribeAsync("raw/#", MqttQualityOfService.AtLeastOnce);
    var clients = new List<MqttClient>();
    for (var p = 0; p < publishers; p++)
    {
        var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = port, ClientId = $"raw-pub-{p}", ReceiveMaximum = 1000 });
        await client.ConnectAsync();
        clients.Add(client);
    }

    var payload = new byte[700];
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var receive = Task.Run(async () =>
    {
        for (var i = 0; i < count; i++)
        {
            await subscriber.Messages.ReadAsync();
        }
    });
    await Task.WhenAll(clients.Select((client, p) => Task.Run(async () =>
    {
        var pending = new List<Task<MqttPublishResult>>();
        for (var i = p; i < count; i += publishers)
        {
            pending.Add(client.PublishAsync($"raw/{i % 1000}", payload, MqttQualityOfService.AtLeastOnce));
            if (pending.Count >= 500)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
    })));
    await receive.WaitAsync(TimeSpan.FromMinutes(2));
    var rate = count / clock.Elapsed.TotalSeconds;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    foreach (var client in clients)
    {
        await client.DisposeAsync();
    }

    return (rate, cpu);
}
