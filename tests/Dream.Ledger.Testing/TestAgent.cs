using System.Threading.Channels;
using Dream.Mqtt;

namespace Dream.Ledger.Testing;

/// <summary>Plays the edge agent: a device key, its passport, signed readings in a hash chain, receipts over MQTT.</summary>
public sealed class TestAgent : IAsyncDisposable
{
    public static readonly long Interval = 15 * 60_000;
    private readonly Channel<Receipt> _receipts = Channel.CreateUnbounded<Receipt>();
    private readonly bool _ownsInstaller;
    private MqttClient? _client;
    private Task _pump = Task.CompletedTask;

    /// <summary>The rating its passport states: an SDM630's 100 A x 230 V x 3 phases.</summary>
    public const long MaxPowerW = 69_000;

    /// <summary>
    /// A device paired at <paramref name="installedAtMs"/> (default: long before any test reading) with registers
    /// 1000/0 Wh (<c>dream.passport/2</c>), or with <paramref name="passportVersion"/> 1 a legacy passport without
    /// rating and pairing registers.
    /// </summary>
    /// <param name="installer">The installer who signs the passport (a registered one, for the ledger to take it); a new key when null.</param>
    public TestAgent(Ed25519PrivateKey owner, long firstStartMs, Ed25519PrivateKey? installer = null, int passportVersion = 2, long installedAtMs = 1_700_000_000_000)
    {
        Key = Ed25519PrivateKey.Generate();
        _ownsInstaller = installer is null;
        Installer = installer ?? Ed25519PrivateKey.Generate();
        var v2 = passportVersion == 2;
        Passport = SignedPassport.Create(new ProductPassport
        {
            Version = passportVersion,
            Device = Key.PublicKey.Did,
            Kind = DeviceKind.Meter,
            Manufacturer = "Eastron",
            Model = "SDM630",
            Serial = Guid.NewGuid().ToString("N"),
            Firmware = "1.0",
            Profile = "eastron-sdm630",
            MeterConstant = 0,
            Phases = 3,
            MeasuresExport = true,
            ConnectionPoint = "871687120000000001",
            Owner = owner.PublicKey.Did,
            Installer = Installer.PublicKey.Did,
            InstalledAtMs = installedAtMs,
            MaxPowerW = v2 ? MaxPowerW : 0,
            PairingImportWh = v2 ? ImportWh : 0,
            PairingExportWh = 0,
        }, Key, Installer);
        NextStartMs = firstStartMs;
    }

    public Ed25519PrivateKey Key { get; }

    public Ed25519PrivateKey Installer { get; }

    public SignedPassport Passport { get; }

    public string Device => Key.PublicKey.Did;

    public long Sequence { get; private set; }

    public string PreviousHash { get; private set; } = IntervalReading.GenesisHash;

    public long ImportWh { get; private set; } = 1000;

    public long NextStartMs { get; set; }

    public IntervalReading Draft(long? sequence = null, string? previous = null, long? importWh = null, long? startMs = null) => new()
    {
        Device = Device,
        Passport = Passport.Id,
        Sequence = sequence ?? Sequence + 1,
        StartMs = startMs ?? NextStartMs,
        EndMs = (startMs ?? NextStartMs) + Interval,
        ImportWh = importWh ?? ImportWh + 10,
        ExportWh = 0,
        DeltaImportWh = Math.Max(0, (importWh ?? ImportWh + 10) - ImportWh),
        DeltaExportWh = 0,
        MinW = 30,
        AvgW = 40,
        MaxW = 50,
        Samples = 90,
        Flags = ReadingQuality.None,
        PreviousHash = previous ?? PreviousHash,
    };

    /// <summary>The next reading of the chain (10 Wh imported, the deltas consistent with the registers); the chain advances.</summary>
    public SignedReading Next() => Advance(SignedReading.Create(Draft(), Key));

    /// <summary>Makes <paramref name="reading"/> (signed from a <see cref="Draft"/>) the chain's newest.</summary>
    public SignedReading Advance(SignedReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        Sequence = reading.Reading.Sequence;
        PreviousHash = reading.Hash;
        ImportWh = reading.Reading.ImportWh;
        NextStartMs = reading.Reading.EndMs;
        return reading;
    }

    public async Task ConnectAsync(int port, Ed25519PublicKey gridAuthority)
    {
        _client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = port, ClientId = "agent-" + Guid.NewGuid().ToString("N") });
        await _client.ConnectAsync();
        await _client.SubscribeAsync(Topics.Receipts(Device), MqttQualityOfService.AtLeastOnce);
        _pump = Task.Run(async () =>
        {
            await foreach (var message in _client.Messages.ReadAllAsync())
            {
                await _receipts.Writer.WriteAsync(Receipt.Verify(message.Payload, gridAuthority));
            }
        });
    }

    public Task PublishAsync(params SignedReading[] readings) => PublishRawAsync(EnvelopeBatch.Serialize(readings.Select(r => r.Envelope).ToList()));

    public async Task PublishRawAsync(byte[] payload, string? topic = null)
    {
        var result = await _client!.PublishAsync(topic ?? Topics.Readings(Device), payload, MqttQualityOfService.AtLeastOnce);
        Assert.True(result.IsSuccess, result.ReasonCode.ToString());
    }

    /// <summary>Waits for a receipt covering at least <paramref name="sequence"/> (and matching <paramref name="also"/>); skips others.</summary>
    public async Task<Receipt> WaitForReceiptAsync(long sequence, Func<Receipt, bool>? also = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var receipt = await _receipts.Reader.ReadAsync(timeout.Token);
            if (receipt.ThroughSequence >= sequence && (also is null || also(receipt)))
            {
                return receipt;
            }
        }
    }

    public bool TryTakeReceipt(out Receipt? receipt) => _receipts.Reader.TryRead(out receipt);

    /// <summary>Of <paramref name="seen"/> and every receipt already here, the one that covers the most.</summary>
    public Receipt LatestReceipt(Receipt seen)
    {
        while (TryTakeReceipt(out var later))
        {
            seen = later!.ThroughSequence > seen.ThroughSequence ? later : seen;
        }

        return seen;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        Key.Dispose();
        if (_ownsInstaller)
        {
            Installer.Dispose();
        }
    }
}
