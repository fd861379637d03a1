using Dream.Contracts.Json;

namespace Dream.Contracts;

/// <summary>
/// One closed metering interval, as the device signs it (payload type <c>dream.reading/1</c>). Integers only:
/// energy in Wh, power in W (positive = import from the grid, negative = export), time in Unix ms UTC.
/// </summary>
public sealed record IntervalReading
{
    public const string Type = "dream.reading/1";
    public const int HashSize = 32;

    /// <summary>The previous-hash of a device's first reading: 32 zero bytes.</summary>
    public static readonly string GenesisHash = new('0', HashSize * 2);

    public required string Device { get; init; }

    /// <summary>The id of the product passport the device measures under (hex SHA-256 of the passport payload).</summary>
    public required string Passport { get; init; }

    /// <summary>Per-device sequence number, starting at 1, never repeated.</summary>
    public required long Sequence { get; init; }

    public required long StartMs { get; init; }

    public required long EndMs { get; init; }

    /// <summary>The meter's import energy register at the end boundary (the legal value).</summary>
    public required long ImportWh { get; init; }

    /// <summary>The meter's export energy register at the end boundary.</summary>
    public required long ExportWh { get; init; }

    public required long DeltaImportWh { get; init; }

    public required long DeltaExportWh { get; init; }

    public required long MinW { get; init; }

    public required long AvgW { get; init; }

    public required long MaxW { get; init; }

    /// <summary>Successful power samples in the interval.</summary>
    public required int Samples { get; init; }

    public required ReadingQuality Flags { get; init; }

    /// <summary>Hex SHA-256 of the previous reading's payload bytes; <see cref="GenesisHash"/> for the first.</summary>
    public required string PreviousHash { get; init; }

    public byte[] ToPayload()
    {
        Validate(this, "reading");
        return CanonicalJson.WriteValue(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", Type);
            writer.WriteString("device", Device);
            writer.WriteString("passport", Passport);
            writer.WriteNumber("seq", Sequence);
            writer.WriteNumber("start", StartMs);
            writer.WriteNumber("end", EndMs);
            writer.WriteNumber("importWh", ImportWh);
            writer.WriteNumber("exportWh", ExportWh);
            writer.WriteNumber("deltaImportWh", DeltaImportWh);
            writer.WriteNumber("deltaExportWh", DeltaExportWh);
            writer.WriteNumber("minW", MinW);
            writer.WriteNumber("avgW", AvgW);
            writer.WriteNumber("maxW", MaxW);
            writer.WriteNumber("samples", Samples);
            writer.WriteNumber("flags", (int)Flags);
            writer.WriteString("prev", PreviousHash);
            writer.WriteEndObject();
        });
    }

    /// <summary>Parses and validates a reading payload (the signed bytes).</summary>
    public static IntervalReading ParsePayload(ReadOnlyMemory<byte> payload)
    {
        using var document = StrictJson.Parse(payload, "The reading payload", ContractError.BadEncoding);
        var o = StrictObject.From(document.RootElement, "reading");
        o.RequireType(Type);
        var reading = new IntervalReading
        {
            Device = o.GetString("device", 128),
            Passport = o.GetString("passport", 64),
            Sequence = o.GetInt64("seq"),
            StartMs = o.GetInt64("start"),
            EndMs = o.GetInt64("end"),
            ImportWh = o.GetInt64("importWh"),
            ExportWh = o.GetInt64("exportWh"),
            DeltaImportWh = o.GetInt64("deltaImportWh"),
            DeltaExportWh = o.GetInt64("deltaExportWh"),
            MinW = o.GetInt64("minW"),
            AvgW = o.GetInt64("avgW"),
            MaxW = o.GetInt64("maxW"),
            Samples = o.GetInt32("samples"),
            Flags = (ReadingQuality)o.GetInt32("flags"),
            PreviousHash = o.GetString("prev", 64),
        };
        o.EnsureNoOtherFields();
        Validate(reading, "reading");
        return reading;
    }

    private static void Validate(IntervalReading r, string path)
    {
        static ContractException Invalid(string message) => new(ContractError.InvalidValue, message);

        if (!DidKey.TryDecode(r.Device, out _))
        {
            throw Invalid($"{path}.device is not an Ed25519 did:key.");
        }

        if (!Hex.IsSha256(r.Passport))
        {
            throw Invalid($"{path}.passport must be 64 lowercase hex digits (a passport id).");
        }

        if (!Hex.IsSha256(r.PreviousHash))
        {
            throw Invalid($"{path}.prev must be 64 lowercase hex digits (SHA-256 of the previous reading).");
        }

        if (r.Sequence < 1)
        {
            throw Invalid($"{path}.seq must be 1 or more.");
        }

        var length = r.EndMs - r.StartMs;
        if (!IntervalLength.IsAllowed(length))
        {
            throw Invalid($"{path}: the interval is {length} ms long; it must be 1, 5, 15 or 60 minutes.");
        }

        if (r.StartMs < 0 || IntervalLength.AlignDown(r.StartMs, length) != r.StartMs)
        {
            throw Invalid($"{path}.start is not aligned to a UTC {length / 60_000}-minute boundary.");
        }

        if (r.ImportWh < 0 || r.ExportWh < 0)
        {
            throw Invalid($"{path}: energy registers cannot be negative.");
        }

        if (r.DeltaImportWh < 0 || r.DeltaExportWh < 0)
        {
            throw Invalid($"{path}: interval deltas cannot be negative (a register that went backwards is flagged, not subtracted).");
        }

        if (r.DeltaImportWh > r.ImportWh || r.DeltaExportWh > r.ExportWh)
        {
            throw Invalid($"{path}: an interval delta exceeds its register.");
        }

        if (r.Samples < 0)
        {
            throw Invalid($"{path}.samples cannot be negative.");
        }

        if (r.Samples > 0 && !(r.MinW <= r.AvgW && r.AvgW <= r.MaxW))
        {
            throw Invalid($"{path}: power must satisfy minW <= avgW <= maxW.");
        }

        if (r.Samples == 0 && (r.MinW != 0 || r.AvgW != 0 || r.MaxW != 0 || (r.Flags & ReadingQuality.SamplesMissing) == 0))
        {
            throw Invalid($"{path}: without samples, power must be 0 and the samplesMissing flag set.");
        }

        if (((int)r.Flags & ~ReadingQualityMask) != 0)
        {
            throw Invalid($"{path}.flags has bits this version does not define.");
        }
    }

    private const int ReadingQualityMask = 0x7F;
}
