using System.Security.Cryptography;

namespace Dream.Contracts.Tests;

/// <summary>Deterministic keys and documents, shared by the tests and the published test vectors.</summary>
internal static class Samples
{
    // 2026-11-21 09:00:00 UTC, a 15-minute boundary.
    public const long IntervalStart = 1_763_715_600_000;
    public const long FifteenMinutes = 900_000;

    public static Ed25519PrivateKey Key(string label) =>
        Ed25519PrivateKey.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes("dream test vector: " + label)));

    /// <summary>A <c>dream.passport/2</c>: pairing registers 1234567/456789 Wh (what reading 1 of <see cref="Reading"/> starts from), 69 kW.</summary>
    public static ProductPassport Passport(Ed25519PrivateKey device, Ed25519PrivateKey owner, Ed25519PrivateKey installer) => LegacyPassport(device, owner, installer) with
    {
        Version = 2,
        MaxPowerW = 100 * 230 * 3,
        PairingImportWh = 1_234_567,
        PairingExportWh = 456_789,
    };

    /// <summary>A <c>dream.passport/1</c>, as version 1 wrote it (its vectors and approved entries must keep verifying).</summary>
    public static ProductPassport LegacyPassport(Ed25519PrivateKey device, Ed25519PrivateKey owner, Ed25519PrivateKey installer) => new()
    {
        Version = 1,
        Device = device.PublicKey.Did,
        Kind = DeviceKind.Meter,
        Manufacturer = "Eastron",
        Model = "SDM630 Modbus V2",
        Serial = "21034567",
        Firmware = "",
        Profile = "eastron-sdm630",
        MeterConstant = 0,
        Phases = 3,
        MeasuresExport = true,
        ConnectionPoint = "871687120000123456",
        Owner = owner.PublicKey.Did,
        Installer = installer.PublicKey.Did,
        InstalledAtMs = 1_763_710_000_000,
        MaxPowerW = 0,
        PairingImportWh = 0,
        PairingExportWh = 0,
    };

    public static IntervalReading Reading(Ed25519PrivateKey device, string passportId, long sequence = 1, string? previous = null) => new()
    {
        Device = device.PublicKey.Did,
        Passport = passportId,
        Sequence = sequence,
        StartMs = IntervalStart + (sequence - 1) * FifteenMinutes,
        EndMs = IntervalStart + sequence * FifteenMinutes,
        ImportWh = 1_234_567 + sequence * 120,
        ExportWh = 456_789 + sequence * 310,
        DeltaImportWh = 120,
        DeltaExportWh = 310,
        MinW = -2150,
        AvgW = -760,
        MaxW = 1480,
        Samples = 90,
        Flags = ReadingQuality.None,
        PreviousHash = previous ?? IntervalReading.GenesisHash,
    };

    /// <summary>A version 1 receipt: readings 1..2 stored and logged, the second at index 3.</summary>
    public static Receipt ReceiptV1(Ed25519PrivateKey device, string secondHash) => new()
    {
        Version = 1,
        Device = device.PublicKey.Did,
        ThroughSequence = 2,
        ThroughHash = secondHash,
        LogIndex = 3,
        SeenThrough = 2,
        IssuedAtMs = IntervalStart + (3 * FifteenMinutes),
    };

    /// <summary>A version 2 receipt: 1 stored, 2 missing, 3 refused for good (its hash), 4-6 missing, 7 stored.</summary>
    public static Receipt ReceiptV2(Ed25519PrivateKey device, string firstHash) => new()
    {
        Device = device.PublicKey.Did,
        ThroughSequence = 1,
        ThroughHash = firstHash,
        LogIndex = 2,
        IssuedAtMs = IntervalStart + (8 * FifteenMinutes),
        SeenThrough = 7,
        Missing = [new SequenceRange(2, 2), new SequenceRange(4, 6)],
        Refused = [new RefusedReading(3, new string('3', 64), "register_went_back", "The registers (1234000/457000 Wh) are below those of reading 1 (1234687/457099 Wh).", Retry: false)],
    };
}
