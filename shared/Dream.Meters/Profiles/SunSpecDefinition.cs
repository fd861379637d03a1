namespace Dream.Meters.Profiles;

/// <summary>A SunSpec device: registers are found at run time from the "SunS" marker and the model chain.</summary>
public sealed record SunSpecDefinition
{
    /// <summary>Where to look for "SunS" (0x5375 0x6E53), in order.</summary>
    public IReadOnlyList<ushort> Bases { get; set; } = [40000, 50000, 0];

    public IReadOnlyList<SunSpecLayout> Layouts { get; set; } = [];
}
