namespace Dream.Demo.Report;

/// <summary>A read the simulated meter answered (its <c>--read-log</c>): the simulated time it was served at and its
/// energy counters then, Wh before the registers round them to their step.</summary>
internal sealed record MeterRead(long Ms, double ImportWh, double ExportWh);
