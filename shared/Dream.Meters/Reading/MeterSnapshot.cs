namespace Dream.Meters.Reading;

/// <summary>Every quantity of a meter read at one time.</summary>
public sealed record MeterSnapshot(
    DateTimeOffset Time,
    IReadOnlyList<QuantityReading> Quantities,
    IReadOnlyList<EnergyRegression> EnergyRegressions,
    int Requests)
{
    public QuantityReading? this[string name] => Quantities.FirstOrDefault(q => q.Name == name);
}
