namespace Dream.Edge.S0;

/// <summary>
/// One edge of a line: its CLOCK_MONOTONIC timestamp (ns), whether it fell (a pulse: the meter's open collector
/// pulls the line low), and the line's own sequence number, whose gaps reveal edges the kernel lost.
/// </summary>
public readonly record struct PulseEdge(ulong TimestampNs, bool Falling, uint Line, uint LineSequence);
