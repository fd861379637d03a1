namespace Dream.Meters.Profiles;

/// <summary>One measured quantity of a profile: where it is and how to turn its registers into a number.</summary>
public sealed record QuantityDefinition
{
    /// <summary>A standard quantity name (<see cref="StandardQuantities"/>), e.g. "energy_import".</summary>
    public required string Name { get; init; }

    /// <summary>3 (holding registers) or 4 (input registers).</summary>
    public required byte Function { get; init; }

    /// <summary>0-based protocol address of the first register.</summary>
    public required ushort Address { get; init; }

    public required DataType Type { get; init; }

    public WordOrder WordOrder { get; set; } = WordOrder.HighFirst;

    /// <summary>Multiplier from the raw integer (or float) to the unit, e.g. 10 for 0.01 kWh steps in Wh. A decimal
    /// read from the JSON number's text, so 0.1 is exactly one tenth (never a binary approximation).</summary>
    public decimal Scale { get; set; } = 1;

    /// <summary>An int16 register holding a power-of-ten exponent applied to the value (SunSpec's *_SF points).</summary>
    public ushort? ScaleFactorAddress { get; init; }

    public required string Unit { get; init; }

    /// <summary>Raw register patterns that mean "not available", beside the type's defaults (all bits set for
    /// unsigned types, the minimum for signed types, NaN and infinities for floats).</summary>
    public IReadOnlyList<ulong> NotAvailable { get; set; } = [];
}
