namespace Dream.Edge.Intervals;

/// <summary>The registers a meter's last stored reading ended with: where the next delta starts.</summary>
public sealed record RegisterBaseline(long ImportWh, long ExportWh, long EndMs);
