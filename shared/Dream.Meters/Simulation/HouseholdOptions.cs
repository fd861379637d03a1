namespace Dream.Meters.Simulation;

/// <summary>A household with rooftop PV behind one meter.</summary>
public sealed record HouseholdOptions
{
    /// <summary>PV peak power (kWp x 1000); the inverter delivers 85 % of it at solar noon on a clear day.</summary>
    public double PvPeakWatts { get; init; } = 5000;

    public double BaseLoadWatts { get; init; } = 300;

    public double MorningPeakWatts { get; init; } = 1500;

    public double EveningPeakWatts { get; init; } = 2500;

    /// <summary>Daylight hours, in UTC (the simulator takes UTC as solar time).</summary>
    public double SunriseHour { get; init; } = 6;

    public double SunsetHour { get; init; } = 20;

    public double NominalVoltage { get; init; } = 230;

    public double NominalFrequency { get; init; } = 50;

    /// <summary>1 (everything on L1) or 3.</summary>
    public int Phases { get; init; } = 3;
}
