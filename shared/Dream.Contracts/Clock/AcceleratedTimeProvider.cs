namespace Dream.Contracts.Clock;

/// <summary>
/// Demos and tests only (the agent's <c>testing.clockSpeed</c>/<c>testing.clockEpochMs</c>, the ledger's
/// <c>clock</c>): the one timeline every process of a simulated grid shares, simulated(now) = epoch + (now − epoch)
/// × speed. Wall and monotonic time both run <see cref="Speed"/> times faster since <paramref name="epoch"/>, so
/// process-level tests see minutes pass in
/// seconds, and a restarted process (same epoch) continues the same accelerated timeline. A step of the
/// underlying wall clock (NTP, <c>date -s</c>) passes through as the same step, unaccelerated, so the agent
/// sees and flags it exactly as it would without acceleration.
/// </summary>
public sealed class AcceleratedTimeProvider : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly DateTimeOffset _origin;
    private readonly long _originTimestamp;
    private readonly DateTimeOffset _innerWallAtOrigin;

    /// <param name="inner">The real clock (tests pass a manual one); <see cref="TimeProvider.System"/> by default.</param>
    public AcceleratedTimeProvider(double speed, DateTimeOffset? epoch = null, TimeProvider? inner = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(speed, 1.0);
        Speed = speed;
        _inner = inner ?? System;
        _originTimestamp = _inner.GetTimestamp();
        _innerWallAtOrigin = _inner.GetUtcNow();
        var start = epoch ?? _innerWallAtOrigin;
        // Where the accelerated timeline stands right now; from here both clocks advance Speed times faster.
        _origin = start + ((_innerWallAtOrigin - start) * speed);
    }

    public double Speed { get; }

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override long GetTimestamp() => _originTimestamp + (long)((_inner.GetTimestamp() - _originTimestamp) * Speed);

    public override DateTimeOffset GetUtcNow()
    {
        // Read the wall clock before the timestamp: a step between the two reads then shows at the next read.
        var wall = _inner.GetUtcNow();
        var elapsed = _inner.GetElapsedTime(_originTimestamp);
        var stepped = wall - _innerWallAtOrigin - elapsed;
        return _origin + TimeSpan.FromTicks((long)(elapsed.Ticks * Speed)) + stepped;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _inner.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan t) => t == Timeout.InfiniteTimeSpan || t == TimeSpan.Zero ? t : t / Speed;
}
