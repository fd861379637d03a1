namespace Dream.Ledger.Server.Hosting;

/// <summary>
/// Wall and monotonic time both run <see cref="Speed"/> times faster since an epoch (demos and tests only,
/// <see cref="LedgerClockConfig"/>): simulated(now) = epoch + (now − epoch) × speed. Timers fire after the
/// scaled-down real delay, so periodic jobs keep their simulated period.
/// </summary>
public sealed class AcceleratedClock : TimeProvider
{
    private readonly DateTimeOffset _origin;
    private readonly long _originTimestamp = System.GetTimestamp();

    public AcceleratedClock(double speed, DateTimeOffset epoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(speed, 1.0);
        Speed = speed;
        var now = System.GetUtcNow();
        _origin = epoch + ((now - epoch) * speed);
    }

    public double Speed { get; }

    public override long TimestampFrequency => System.TimestampFrequency;

    public override long GetTimestamp() => _originTimestamp + (long)((System.GetTimestamp() - _originTimestamp) * Speed);

    public override DateTimeOffset GetUtcNow() =>
        _origin + TimeSpan.FromTicks((long)((System.GetTimestamp() - _originTimestamp) * (double)TimeSpan.TicksPerSecond / System.TimestampFrequency * Speed));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan t) => t == Timeout.InfiniteTimeSpan || t == TimeSpan.Zero ? t : t / Speed;
}
