namespace Dream.Edge.Clock;

/// <summary>The kernel's view of the clock: synchronized or not, and its maximum error estimate.</summary>
public readonly record struct ClockState(bool IsSynchronized, long MaxErrorMicroseconds);
