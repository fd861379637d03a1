namespace Dream.Meters.Profiles;

/// <summary>Point offsets shared by a family of SunSpec models (201-204 integer with scale factors; 211-214 float).</summary>
public sealed record SunSpecLayout
{
    public required IReadOnlyList<int> Models { get; init; }

    /// <summary>The model's length L (registers after the id and length registers).</summary>
    public required int Length { get; init; }

    public required IReadOnlyList<SunSpecQuantity> Quantities { get; init; }
}
