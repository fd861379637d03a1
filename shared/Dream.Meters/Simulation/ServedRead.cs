namespace Dream.Meters.Simulation;

/// <summary>One read the simulated meter answered: the model's time it was served at, and the energy counters
/// then, in Wh before the registers round them to their step.</summary>
public readonly record struct ServedRead(DateTimeOffset SimulatedTime, double ImportWh, double ExportWh);
