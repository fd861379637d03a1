namespace Dream.Meters.Decoding;

/// <summary>
/// How a register becomes a number in its quantity's unit: register x scale x 10^sf, computed exactly
/// (<see cref="ExactNumber"/>); energy (Wh) and power (W) then round half to even to a whole unit. An integer
/// register with a whole-Wh scale needs no rounding at all; a float register converts from its exact binary
/// value, so a growing register never signs smaller.
/// </summary>
public static class RegisterConversion
{
    /// <summary>The exact multiplier from a register to its unit: the profile's decimal scale times 10^<paramref name="powerOfTen"/> (a SunSpec scale factor).</summary>
    public static ExactNumber Scale(decimal scale, int powerOfTen = 0) => ExactNumber.FromDecimal(scale).TimesPowerOfTen(powerOfTen);

    /// <summary>The exact value of a raw register pattern in the quantity's unit; null for a "not available" pattern.</summary>
    public static ExactNumber? ToUnit(ulong raw, DataType type, ExactNumber scale, IReadOnlyCollection<ulong>? notAvailable = null) =>
        RegisterCodec.DecodeExact(raw, type, notAvailable) is { } value ? value.Multiply(scale) : null;

    /// <summary>The value in whole units (Wh, W), rounded half to even; null when not available or beyond a long.</summary>
    public static long? ToWholeUnits(ulong raw, DataType type, ExactNumber scale, IReadOnlyCollection<ulong>? notAvailable = null) =>
        ToUnit(raw, type, scale, notAvailable) is { } value && value.TryRoundToInt64(out var whole) ? whole : null;
}
