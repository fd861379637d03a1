namespace Dream.Edge.Clock;

/// <summary>
/// Testing only (<c>testing.clockSpeed</c>): wall and monotonic time both run <see cref="Speed"/> times
/// faster from the moment of creation, so process-level tests see minutes pass in seconds.
/// </summary>
public sealed class AcceleratedTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _origin = System.GetUtcNow();
    private readonly long _originTimestamp = System.GetTimestamp();

    public AcceleratedTimeProvider(double speed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(speed, 1.0);
        Speed = speed;
    }

    public double Speed { get; }

    public override long TimestampFrequency => System.TimestampFrequency;

    public override long GetTimestamp() => _originTimestamp + (long)((System.GetTimestamp() - _originTimestamp) * Speed);

    public override DateTimeOffset GetUtcNow() => _origin + (System.GetUtcNow() - _origin) * Speed;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan t) => t == Timeout.InfiniteTimeSpan || t == TimeSpan.Zero ? t : t / Speed;
}
