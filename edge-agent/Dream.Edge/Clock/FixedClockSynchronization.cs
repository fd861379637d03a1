namespace Dream.Edge.Clock;

/// <summary>A clock state that never changes: for tests, and for machines told to trust their clock.</summary>
public sealed class FixedClockSynchronization(bool synchronized) : IClockSynchronization
{
    public bool IsSynchronized { get; set; } = synchronized;

    public ClockState Query() => new(IsSynchronized, IsSynchronized ? 0 : long.MaxValue);
}
