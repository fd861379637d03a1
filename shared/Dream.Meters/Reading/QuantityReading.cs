namespace Dream.Meters.Reading;

/// <summary>One quantity of a snapshot: a number in the profile's unit, or why there is none.</summary>
public sealed record QuantityReading(string Name, string Unit, double? Value, string? NotAvailableReason)
{
    public bool IsAvailable => Value is not null;
}
