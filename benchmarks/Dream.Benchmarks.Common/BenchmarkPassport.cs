using Dream.Contracts;
using Dream.Crypto;

namespace Dream.Benchmarks.Common;

/// <summary>The passport every benchmark fleet's meters carry: an SDM630 (69 kW) paired at registers 1000/0 Wh.</summary>
public static class BenchmarkPassport
{
    /// <summary>The import register at pairing: a fleet's reading s carries 1000 + 10·s Wh and a delta of 10 Wh.</summary>
    public const long PairingImportWh = 1000;

    public static SignedPassport Create(Ed25519PrivateKey device, Ed25519PrivateKey installer, string owner, int serial) => SignedPassport.Create(new ProductPassport
    {
        Device = device.PublicKey.Did, Kind = DeviceKind.Meter, Manufacturer = "Eastron", Model = "SDM630",
        Serial = serial.ToString(CultureInfo.InvariantCulture), Firmware = "1", Profile = "eastron-sdm630", MeterConstant = 0, Phases = 3,
        MeasuresExport = true, ConnectionPoint = "871687120000000001", Owner = owner, Installer = installer.PublicKey.Did,
        InstalledAtMs = 1_700_000_000_000, MaxPowerW = 69_000, PairingImportWh = PairingImportWh, PairingExportWh = 0,
    }, device, installer);
}
