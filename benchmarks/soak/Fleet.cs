using Dream.Crypto;
using Dream.Ledger;
using Dream.Ledger.Server.Hosting;

namespace Dream.Soak.Benchmarks;

/// <summary>The devices with approved passports in a fresh ledger data directory, and the ledger's config file.</summary>
internal sealed class Fleet
{
    private Fleet(IReadOnlyList<SoakDevice> devices, string configFile, string publicUrl, long firstIntervalStartMs)
    {
        Devices = devices;
        ConfigFile = configFile;
        PublicUrl = publicUrl;
        FirstIntervalStartMs = firstIntervalStartMs;
        ByDid = devices.ToDictionary(d => d.Did, StringComparer.Ordinal);
    }

    public IReadOnlyList<SoakDevice> Devices { get; }

    public IReadOnlyDictionary<string, SoakDevice> ByDid { get; }

    public string ConfigFile { get; }

    public string PublicUrl { get; }

    /// <summary>Reading 1 of every device covers the interval starting here; all of them end in the past.</summary>
    public long FirstIntervalStartMs { get; }

    public static async Task<Fleet> CreateAsync(SoakOptions options, TemporaryDirectory temp, MosquittoProcess broker)
    {
        var publicUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var config = new LedgerServerConfig
        {
            DataDir = temp.Combine("data"),
            Listen = publicUrl,
            AdminListen = $"http://127.0.0.1:{FreePort.Next()}",
            Mqtt = new MqttConfig { Host = "127.0.0.1", Port = broker.Port, ClientId = "dream-ledger" },
        };
        await LedgerDataDirectory.InitializeAsync(config.DataDir, "soak.ledger/dream", "Soak GA", TimeProvider.System);
        var setup = new LedgerServerConfig { DataDir = config.DataDir, Listen = $"http://127.0.0.1:{FreePort.Next()}", AdminListen = $"http://127.0.0.1:{FreePort.Next()}", Mqtt = new MqttConfig { Host = "127.0.0.1", Port = broker.Port, ClientId = "soak-setup" } };
        var devices = new List<SoakDevice>();
        using var owner = Ed25519PrivateKey.Generate();
        using var installer = Ed25519PrivateKey.Generate();
        await using (var server = await LedgerServer.StartAsync(setup, logging: _ => { }))
        {
            var approvals = new List<Task<long>>();
            for (var d = 0; d < options.Devices; d++)
            {
                var key = Ed25519PrivateKey.Generate();
                var passport = BenchmarkPassport.Create(key, installer, owner.PublicKey.Did, d);
                approvals.Add(server.Engine.AppendRegistryAsync(passport.Envelope.Countersign(server.Key)));
                devices.Add(new SoakDevice(key, passport.Id, options.ReadingsPerDevice));
            }

            await Task.WhenAll(approvals);
        }

        var file = temp.Combine("ledger.json");
        await File.WriteAllTextAsync(file, config.ToJson());
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var first = ((now / SoakOptions.IntervalMs) - options.ReadingsPerDevice - 2) * SoakOptions.IntervalMs;
        return new Fleet(devices, file, publicUrl, first);
    }

    /// <summary>Signs every device's readings for the whole run before the clock starts, on all cores, so the
    /// fleet's signing does not take CPU from the ledger while it is measured (real agents sign on their own Pis).</summary>
    public void SignAll() => Parallel.ForEach(Devices, device =>
    {
        while (device.HasRoom)
        {
            var message = NextReading(device);
            device.Keep(device.Signed, message);
        }
    });

    /// <summary>The next reading of <paramref name="device"/>, signed, as the bytes an agent publishes.</summary>
    private byte[] NextReading(SoakDevice device)
    {
        var s = device.Signed + 1;
        var reading = SignedReading.Create(new IntervalReading
        {
            Device = device.Did, Passport = device.Passport, Sequence = s,
            StartMs = FirstIntervalStartMs + ((s - 1) * SoakOptions.IntervalMs), EndMs = FirstIntervalStartMs + (s * SoakOptions.IntervalMs),
            ImportWh = 1000 + (s * 10), ExportWh = 0, DeltaImportWh = 10, DeltaExportWh = 0, MinW = 500, AvgW = 600, MaxW = 700, Samples = 6,
            Flags = ReadingQuality.None, PreviousHash = device.PreviousHash,
        }, device.Key);
        device.PreviousHash = reading.Hash;
        device.Signed = s;
        return reading.Envelope.ToBytes();
    }
}
