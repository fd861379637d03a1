namespace Dream.Edge.Configuration;

/// <summary>Bounds of the durable outbox.</summary>
public sealed record OutboxOptions
{
    /// <summary>A year of 15-minute readings for four meters.</summary>
    public const int DefaultMaxReadings = 35_040 * 4;

    public int MaxReadings { get; init; } = DefaultMaxReadings;

    /// <summary>The fill ratio from which the agent alarms in its status and logs.</summary>
    public double AlarmRatio { get; init; } = 0.9;
}
