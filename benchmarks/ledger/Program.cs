using System.Diagnostics;
using System.Globalization;
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
var total = devices * perDevice;

Console.WriteLine($"cores: {Environment.ProcessorCount}, libsodium {Sodium.LibraryVersion}");
var (verify1, verifyAll) = MeasureVerifies();
Console.WriteLine($"libsodium Ed25519 verify: {verify1:N0}/s on 1 core, {verifyAll:N0}/s on all cores");

await using var broker = await MosquittoProcess.StartAsync();
var raw = await MeasureMosquittoAsync(broker.Port, total, publishers);
Console.WriteLine($"mosquitto raw QoS 1 (700-byte messages, {publishers} publishers -> 1 subscriber): {raw:N0} msg/s");

using var temp = new TemporaryDirectory();
var config = new LedgerServerConfig
{
    DataDir = temp.Combine("data"),
    Listen = $"http://127.0.0.1:{FreePort.Next()}",
    AdminListen = $"http://127.0.0.1:{FreePort.Next()}",
    Mqtt = new MqttConfig { Host = "127.0.0.1", Port = broker.Port, ClientId = "bench-ledger" },
};
await LedgerDataDirectory.InitializeAsync(config.DataDir, "bench.ledger/dream", "Bench GA", TimeProvider.System);
await using var server = await LedgerServer.StartAsync(config, logging: _ => { });

Console.WriteLine($"fleet: {devices} devices x {perDevice} readings = {total}, signing...");
var owner = Ed25519PrivateKey.Generate();
var start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 900_000 - perDevice - 10) * 900_000;
var fleet = new List<(string Device, byte[][] Messages)>();
var approvals = new List<Task<long>>();
for (var d = 0; d < devices; d++)
{
    using var key = Ed25519PrivateKey.Generate();
    using var installer = Ed25519PrivateKey.Generate();
    var passport = SignedPassport.Create(new ProductPassport
    {
        Device = key.PublicKey.Did, Kind = DeviceKind.Meter, Manufacturer = "Eastron", Model = "SDM630",
        Serial = d.ToString(CultureInfo.InvariantCulture), Firmware = "1", Profile = "eastron-sdm630", MeterConstant = 0, Phases = 3,
        MeasuresExport = true, ConnectionPoint = "871687120000000001", Owner = owner.PublicKey.Did, Installer = installer.PublicKey.Did,
        InstalledAtMs = 1_700_000_000_000,
    }, key, installer);
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
var before = metrics.Accepted;
var clock = Stopwatch.StartNew();
await Task.WhenAll(clients.Select((client, p) => Task.Run(async () =>
{
    var pending = new List<Task<MqttPublishResult>>();
    for (var s = 0; s < perDevice; s++)
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
var published = clock.Elapsed;
using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
{
    while (metrics.Accepted - before < total && !limit.IsCancellationRequested)
    {
        await Task.Delay(5);
    }
}

var elapsed = clock.Elapsed;
var accepted = metrics.Accepted - before;
var rate = accepted / elapsed.TotalSeconds;
Console.WriteLine($"ledger: {accepted} readings verified, stored (fsync), logged in {elapsed.TotalSeconds:F2} s (published in {published.TotalSeconds:F2} s): {rate:N0} readings/s; rejected {metrics.RejectedTotal}, receipts {metrics.Receipts}");
foreach (var client in clients)
{
    await client.DisposeAsync();
}

owner.Dispose();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT ledger_readings_per_s={rate:F0}"));
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

static (double One, double All) MeasureVerifies()
{
    using var key = Ed25519PrivateKey.Generate();
    var message = new byte[600];
    var signature = key.Sign(message);
    var publicKey = key.PublicKey;
    double Run(int threads)
    {
        var counts = new long[threads];
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, t =>
        {
            while (clock.ElapsedMilliseconds < 1000)
            {
                for (var i = 0; i < 100; i++)
                {
                    publicKey.Verify(message, signature);
                }

                counts[t] += 100;
            }
        });
        return counts.Sum() / clock.Elapsed.TotalSeconds;
    }

    return (Run(1), Run(Environment.ProcessorCount));
}

static async Task<double> MeasureMosquittoAsync(int port, int count, int publishers)
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
    foreach (var client in clients)
    {
        await client.DisposeAsync();
    }

    return rate;
}
