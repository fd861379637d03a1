namespace Dream.Meters.Profiles;

/// <summary>A quantity at an offset from its model's id register.</summary>
public sealed record SunSpecQuantity
{
    public required string Name { get; init; }

    public required int Offset { get; init; }

    public required DataType Type { get; init; }

    /// <summary>Offset of the int16 scale factor register, for the integer models.</summary>
    public int? ScaleFactorOffset { get; init; }

    public required string Unit { get; init; }

    public IReadOnlyList<ulong> NotAvailable { get; set; } = [];
}
