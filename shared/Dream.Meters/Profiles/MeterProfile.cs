using System.Text.Json.Serialization;

namespace Dream.Meters.Profiles;

/// <summary>A meter model described as data (hardware/meters/*.json): adding a meter needs no rebuild.</summary>
public sealed record MeterProfile
{
    /// <summary>Lowercase vendor-model, e.g. "eastron-sdm630".</summary>
    public required string Id { get; init; }

    public required string Manufacturer { get; init; }

    public required string Model { get; init; }

    public string? Description { get; init; }

    public int Phases { get; set; } = 3;

    /// <summary>The meter's maximum current per phase in A (its rating, e.g. 65 for a 5(65) A meter); required,
    /// because it bounds the energy a reading may claim.</summary>
    public int MaxCurrentA { get; init; }

    /// <summary>Line-to-neutral voltage the rating is taken at (V).</summary>
    public int NominalVoltageV { get; set; } = 230;

    /// <summary>Where the rating comes from, or why it is uncertain (CT-connected and generic meters).</summary>
    public string? RatingNote { get; init; }

    /// <summary>The most power the meter can measure: maxCurrentA x nominalVoltageV x phases (W). Readings that
    /// claim more energy than this power over their interval cannot be right.</summary>
    [JsonIgnore]
    public long MaxPowerW => (long)MaxCurrentA * NominalVoltageV * Phases;

    /// <summary>Where the register facts come from.</summary>
    public IReadOnlyList<string> Sources { get; set; } = [];

    public string? Notes { get; init; }

    public SerialDefaults Serial { get; set; } = new();

    public int MaxRegistersPerRequest { get; set; } = 125;

    /// <summary>Pause the meter needs between two requests.</summary>
    public int DelayBetweenRequestsMs { get; init; }

    public IReadOnlyList<RegisterRange> AnswersEveryRegisterIn { get; set; } = [];

    public IReadOnlyList<IdentifyProbe> Identify { get; set; } = [];

    public RegisterLocation? SerialNumber { get; init; }

    public IReadOnlyList<QuantityDefinition> Quantities { get; set; } = [];

    [JsonPropertyName("sunspec")]
    public SunSpecDefinition? SunSpec { get; init; }

    /// <summary>The file the profile was loaded from, for messages.</summary>
    [JsonIgnore]
    public string? SourceFile { get; init; }
}
