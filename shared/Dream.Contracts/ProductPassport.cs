using Dream.Contracts.Json;

namespace Dream.Contracts;

/// <summary>
/// The product passport of a meter or gateway: its identity, what it is, where it is connected and who owns
/// and installed it. Signed by the device key and by the installer. Version 2 (<c>dream.passport/2</c>, what
/// this build writes) adds the metering point's rating and the registers read at pairing, from which the
/// ledger checks the first reading's delta; version 1 (<c>dream.passport/1</c>) is still read, byte for byte
/// as it was signed, because approved version-1 passports are in logs.
/// </summary>
public sealed record ProductPassport
{
    public const string TypeV1 = "dream.passport/1";
    public const string TypeV2 = "dream.passport/2";

    /// <summary>The largest rating a version-2 passport may state (1 GW, as the agent's <c>maxPowerW</c>).</summary>
    public const long MaxRatingW = 1_000_000_000;

    /// <summary>1 or 2; <see cref="TypeV2"/> unless a version-1 passport is rebuilt (tests, replay).</summary>
    public int Version { get; init; } = 2;

    public string Type => Version == 1 ? TypeV1 : TypeV2;

    /// <summary>The device's identity: the did:key of the key that signs its readings.</summary>
    public required string Device { get; init; }

    public required DeviceKind Kind { get; init; }

    public required string Manufacturer { get; init; }

    public required string Model { get; init; }

    public required string Serial { get; init; }

    /// <summary>Firmware version as the device reports it; empty when it reports none.</summary>
    public required string Firmware { get; init; }

    /// <summary>The meter profile id (e.g. <c>eastron-sdm630</c>, <c>s0</c>); empty for a gateway.</summary>
    public required string Profile { get; init; }

    /// <summary>Pulses per kWh of an S0 pulse meter; 0 for any other meter.</summary>
    public required int MeterConstant { get; init; }

    public required int Phases { get; init; }

    /// <summary>Whether the metering point measures export (a market rule for selling promises).</summary>
    public required bool MeasuresExport { get; init; }

    /// <summary>The grid connection point id (e.g. an EAN-18 metering point code).</summary>
    public required string ConnectionPoint { get; init; }

    public required string Owner { get; init; }

    public required string Installer { get; init; }

    /// <summary>When the technician paired the meter (the pairing registers were read then).</summary>
    public required long InstalledAtMs { get; init; }

    /// <summary>Version 2: the metering point's maximum power in W (rated current x voltage x phases); 0 in version 1.</summary>
    public required long MaxPowerW { get; init; }

    /// <summary>Version 2: the meter's import register in Wh read at pairing (<see cref="InstalledAtMs"/>); 0 in version 1.</summary>
    public required long PairingImportWh { get; init; }

    /// <summary>Version 2: the meter's export register in Wh read at pairing; 0 in version 1.</summary>
    public required long PairingExportWh { get; init; }

    /// <summary>Whether the passport is a payload type this build reads.</summary>
    public static bool IsPassportType(string? type) => type is TypeV1 or TypeV2;

    public byte[] ToPayload()
    {
        Validate(this);
        return CanonicalJson.WriteValue(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", Type);
            writer.WriteString("device", Device);
            writer.WriteString("kind", KindName(Kind));
            writer.WriteString("manufacturer", Manufacturer);
            writer.WriteString("model", Model);
            writer.WriteString("serial", Serial);
            writer.WriteString("firmware", Firmware);
            writer.WriteString("profile", Profile);
            writer.WriteNumber("meterConstant", MeterConstant);
            writer.WriteNumber("phases", Phases);
            writer.WriteBoolean("measuresExport", MeasuresExport);
            writer.WriteString("connectionPoint", ConnectionPoint);
            writer.WriteString("owner", Owner);
            writer.WriteString("installer", Installer);
            writer.WriteNumber("installedAt", InstalledAtMs);
            if (Version == 2)
            {
                writer.WriteNumber("maxPowerW", MaxPowerW);
                writer.WriteNumber("pairingImportWh", PairingImportWh);
                writer.WriteNumber("pairingExportWh", PairingExportWh);
            }

            writer.WriteEndObject();
        });
    }

    public static ProductPassport ParsePayload(ReadOnlyMemory<byte> payload)
    {
        using var document = StrictJson.Parse(payload, "The passport payload", ContractError.BadEncoding);
        var o = StrictObject.From(document.RootElement, "passport");
        var type = o.GetString("type", 64);
        if (!IsPassportType(type))
        {
            throw new ContractException(ContractError.UnknownVersion, $"passport.type is \"{type}\"; this build reads \"{TypeV2}\" and \"{TypeV1}\".");
        }

        var v2 = type == TypeV2;
        var passport = new ProductPassport
        {
            Version = v2 ? 2 : 1,
            Device = o.GetString("device", 128),
            Kind = ParseKind(o.GetString("kind", 16)),
            Manufacturer = o.GetString("manufacturer", 128),
            Model = o.GetString("model", 128),
            Serial = o.GetString("serial", 128),
            Firmware = o.GetString("firmware", 64),
            Profile = o.GetString("profile", 64),
            MeterConstant = o.GetInt32("meterConstant"),
            Phases = o.GetInt32("phases"),
            MeasuresExport = o.GetBoolean("measuresExport"),
            ConnectionPoint = o.GetString("connectionPoint", 64),
            Owner = o.GetString("owner", 128),
            Installer = o.GetString("installer", 128),
            InstalledAtMs = o.GetInt64("installedAt"),
            MaxPowerW = v2 ? o.GetInt64("maxPowerW") : 0,
            PairingImportWh = v2 ? o.GetInt64("pairingImportWh") : 0,
            PairingExportWh = v2 ? o.GetInt64("pairingExportWh") : 0,
        };
        o.EnsureNoOtherFields();
        Validate(passport);
        return passport;
    }

    private static string KindName(DeviceKind kind) => kind switch
    {
        DeviceKind.Meter => "meter",
        DeviceKind.Gateway => "gateway",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static DeviceKind ParseKind(string text) => text switch
    {
        "meter" => DeviceKind.Meter,
        "gateway" => DeviceKind.Gateway,
        _ => throw new ContractException(ContractError.InvalidValue, $"passport.kind is \"{text}\"; it must be \"meter\" or \"gateway\"."),
    };

    private static void Validate(ProductPassport p)
    {
        static ContractException Invalid(string message) => new(ContractError.InvalidValue, message);

        foreach (var (name, did) in new[] { ("device", p.Device), ("owner", p.Owner), ("installer", p.Installer) })
        {
            if (!DidKey.TryDecode(did, out _))
            {
                throw Invalid($"passport.{name} is not an Ed25519 did:key.");
            }
        }

        foreach (var (name, text) in new[] { ("manufacturer", p.Manufacturer), ("model", p.Model), ("serial", p.Serial), ("connectionPoint", p.ConnectionPoint) })
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw Invalid($"passport.{name} must not be empty.");
            }
        }

        if (p.Kind == DeviceKind.Meter && string.IsNullOrWhiteSpace(p.Profile))
        {
            throw Invalid("passport.profile must name the meter profile of a meter.");
        }

        if (p.MeterConstant < 0)
        {
            throw Invalid("passport.meterConstant cannot be negative.");
        }

        if (p.Phases is not (1 or 3))
        {
            throw Invalid($"passport.phases is {p.Phases}; it must be 1 or 3.");
        }

        if (p.InstalledAtMs <= 0)
        {
            throw Invalid("passport.installedAt must be a Unix time in milliseconds.");
        }

        if (p.Version == 1)
        {
            if (p.MaxPowerW != 0 || p.PairingImportWh != 0 || p.PairingExportWh != 0)
            {
                throw Invalid($"A {TypeV1} passport has no rating and no pairing registers; write {TypeV2}.");
            }

            return;
        }

        if (p.Version != 2)
        {
            throw Invalid($"passport version {p.Version} does not exist; it is 1 or 2.");
        }

        if (p.MaxPowerW is < 1 or > MaxRatingW)
        {
            throw Invalid($"passport.maxPowerW is {p.MaxPowerW}; it must be 1 to {MaxRatingW} W (rated current x voltage x phases).");
        }

        if (p.PairingImportWh < 0 || p.PairingExportWh < 0)
        {
            throw Invalid("passport: the pairing registers cannot be negative.");
        }
    }
}
