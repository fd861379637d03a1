using System.Text.Json.Serialization;

namespace Dream.Meters.Profiles;

/// <summary>A register read that tells this model from others: every probe of a profile must pass.</summary>
public sealed record IdentifyProbe
{
    public required byte Function { get; init; }

    public required ushort Address { get; init; }

    public required DataType Type { get; init; }

    public WordOrder WordOrder { get; set; } = WordOrder.HighFirst;

    /// <summary>Registers of an ASCII probe.</summary>
    public int Length { get; init; }

    [JsonPropertyName("equals")]
    public double? ExpectedValue { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    public string? StartsWith { get; init; }

    /// <summary>Where the fact comes from, or why it is uncertain.</summary>
    public string? Note { get; init; }

    public int RegisterCount => DataTypes.RegisterCount(Type, Length);
}
