namespace Dream.Contracts;

/// <summary>What the agent knows was wrong while it measured an interval. A bitmask in the signed reading.</summary>
[Flags]
public enum ReadingQuality
{
    None = 0,

    /// <summary>Fewer samples than the sample period implies were taken.</summary>
    SamplesMissing = 1 << 0,

    /// <summary>At least one request to the meter failed (timeout, CRC, exception response, garbage).</summary>
    CommunicationError = 1 << 1,

    /// <summary>The kernel did not report the clock as synchronized (adjtimex) during the interval.</summary>
    ClockNotSynchronized = 1 << 2,

    /// <summary>An energy register read lower than before; the delta was not taken from it.</summary>
    RegisterWentBackwards = 1 << 3,

    /// <summary>A value is estimated rather than read at the boundary (e.g. the boundary read failed).</summary>
    Estimated = 1 << 4,

    /// <summary>The agent was not running, or the meter was unpowered, for part of the interval.</summary>
    PowerOutage = 1 << 5,

    /// <summary>The wall clock stepped (moved against monotonic time) during the interval.</summary>
    ClockJumped = 1 << 6,
}
