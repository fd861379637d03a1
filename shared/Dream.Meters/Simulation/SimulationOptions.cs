namespace Dream.Meters.Simulation;

public sealed record SimulationOptions
{
    public IReadOnlySet<byte> Units { get; init; } = new HashSet<byte> { 1 };

    public HouseholdOptions Household { get; init; } = new();

    /// <summary>Simulated seconds per real second: 1440 runs a day in a minute.</summary>
    public double TimeScale { get; init; } = 1;

    /// <summary>Simulated time at start; null starts at the real time.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>
    /// A clock shared with other processes: simulated(now) = epoch + (now − epoch) × <see cref="TimeScale"/>, as the
    /// agent's <c>testing.clockEpochMs</c> defines it. Set, it overrides <see cref="Start"/>, so the meter's time does
    /// not lag the agents' by however long the process took to start.
    /// </summary>
    public DateTimeOffset? ClockEpoch { get; init; }

    public double InitialImportWh { get; init; } = 12_345_600;

    public double InitialExportWh { get; init; } = 2_345_600;

    public string SerialNumber { get; init; } = "21000042";

    /// <summary>For SunSpec profiles: which meter model to serve (201-204 integer, 211-214 float).</summary>
    public int SunSpecModel { get; init; } = 203;
}
