using Microsoft.Extensions.Time.Testing;

namespace Dream.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> whose wall clock can also be stepped alone, as NTP or <c>date -s</c> step a
/// real one: monotonic time and timers stay (FakeTimeProvider moves both together, and only forward). It also
/// reports each timer created, so a test can advance time once the code under test waits.
/// </summary>
public sealed class SteppableTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private long _stepTicks;

    /// <summary>Raised with the due time of every timer created (also the timers behind Task.Delay).</summary>
    public event Action<TimeSpan>? TimerCreated;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _stepTicks));

    /// <summary>The fake's own time, without the steps (FakeTimeProvider's timestamp would read the stepped wall clock).</summary>
    public override long GetTimestamp() => base.GetUtcNow().UtcTicks;

    /// <summary>Steps the wall clock by <paramref name="by"/> (either way); monotonic time does not move.</summary>
    public void StepWallClock(TimeSpan by) => Interlocked.Add(ref _stepTicks, by.Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        TimerCreated?.Invoke(dueTime);
        return timer;
    }
}
