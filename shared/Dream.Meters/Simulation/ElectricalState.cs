namespace Dream.Meters.Simulation;

/// <summary>Instantaneous values at the meter. Power is positive when importing from the grid.</summary>
public sealed record ElectricalState(
    IReadOnlyList<double> Voltage,
    IReadOnlyList<double> Current,
    IReadOnlyList<double> Power,
    double Frequency,
    double PowerFactor)
{
    public double TotalPower => Power.Where(p => !double.IsNaN(p)).Sum();
}
