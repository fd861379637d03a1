using Dream.Meters.Decoding;

namespace Dream.Meters.Reading;

/// <summary>One quantity of a snapshot: its exact value in the quantity's one unit (Wh, W, V, A, Hz, 1), or why
/// there is none.</summary>
public sealed record QuantityReading(string Name, string Unit, ExactNumber? Value, string? NotAvailableReason)
{
    /// <summary>Significant digits the register carries when it is a float (7 for float32, 15 for float64), for
    /// display; null for an integer register, whose value is shown exactly.</summary>
    public int? SignificantDigits { get; init; }

    public bool IsAvailable => Value is not null;

    /// <summary>The value rounded half to even to a whole unit: the Wh and W the agent signs. Null when not
    /// available or beyond a long.</summary>
    public long? WholeUnits => Value is { } value && value.TryRoundToInt64(out var whole) ? whole : null;

    /// <summary>Decimal text of the value (see <see cref="ExactNumber.ToDecimalString"/>); null when not available.</summary>
    public string? Text => Value?.ToDecimalString(SignificantDigits);
}
