namespace Dream.Edge.Clock;

/// <summary>
/// Testing only (<c>testing.clockSpeed</c>, <c>testing.clockEpochMs</c>): wall and monotonic time both run
/// <see cref="Speed"/> times faster since <paramref name="epoch"/>, so process-level tests see minutes pass in
/// seconds, and a restarted process (same epoch) continues the same accelerated timeline.
/// </summary>
public sealed class AcceleratedTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _origin;
    private readonly long _originTimestamp = System.GetTimestamp();

    public AcceleratedTimeProvider(double speed, DateTimeOffset? epoch = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(speed, 1.0);
        Speed = speed;
        var now = System.GetUtcNow();
        var start = epoch ?? now;
        // Where the accelerated timeline stands right now; from here both clocks advance Speed times faster.
        _origin = start + ((now - start) * speed);
    }

    public double Speed { get; }

    public override long TimestampFrequency => System.TimestampFrequency;

    public override long GetTimestamp() => _originTimestamp + (long)((System.GetTimestamp() - _originTimestamp) * Speed);

    public override DateTimeOffset GetUtcNow() => _origin + TimeSpan.FromTicks((long)((System.GetTimestamp() - _originTimestamp) * (double)TimeSpan.TicksPerSecond / System.TimestampFrequency * Speed));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan t) => t == Timeout.InfiniteTimeSpan || t == TimeSpan.Zero ? t : t / Speed;
}
