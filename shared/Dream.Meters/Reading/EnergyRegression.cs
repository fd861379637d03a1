namespace Dream.Meters.Reading;

/// <summary>An energy register read lower than before (Wh, as signed): reported, never hidden (a replaced meter,
/// a reset, a wrong register or a decoding fault).</summary>
public sealed record EnergyRegression(string Name, long PreviousWh, long CurrentWh);
