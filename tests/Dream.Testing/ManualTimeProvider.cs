namespace Dream.Testing;

/// <summary>A clock that moves only when a test advances it; timers fire during <see cref="Advance"/>. Timers run
/// on monotonic time, as real ones do: a step of the wall clock (<see cref="SetWallClock"/>) neither fires nor
/// delays them.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _timestamp;

    public ManualTimeProvider(DateTimeOffset start)
    {
        _now = start;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _timestamp;
        }
    }

    /// <summary>Moves wall and monotonic time forward, firing due timers in order.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        long target;
        lock (_lock)
        {
            target = _timestamp + by.Ticks;
        }

        while (true)
        {
            ManualTimer? due;
            lock (_lock)
            {
                due = _timers.Where(t => t.DueAt <= target).OrderBy(t => t.DueAt).FirstOrDefault();
                var until = due?.DueAt ?? target;
                if (until > _timestamp)
                {
                    _now += TimeSpan.FromTicks(until - _timestamp);
                    _timestamp = until;
                }
            }

            if (due is null)
            {
                return;
            }

            due.Fire();
        }
    }

    /// <summary>Sets wall-clock time only (a clock step, as NTP or a user might make); monotonic time stays.</summary>
    public void SetWallClock(DateTimeOffset now)
    {
        lock (_lock)
        {
            _now = now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(ManualTimer timer, bool active)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
            if (active)
            {
                _timers.Add(timer);
            }
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period;

        /// <summary>The monotonic timestamp (ticks) at which the timer fires.</summary>
        public long DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                owner.Schedule(this, active: false);
                return true;
            }

            DueAt = owner.GetTimestamp() + dueTime.Ticks;
            owner.Schedule(this, active: true);
            return true;
        }

        public void Fire()
        {
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                DueAt += _period.Ticks;
            }
            else
            {
                owner.Schedule(this, active: false);
            }

            callback(state);
        }

        public void Dispose() => owner.Schedule(this, active: false);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
