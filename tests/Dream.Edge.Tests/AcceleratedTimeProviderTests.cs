using Dream.Contracts.Clock;

namespace Dream.Edge.Tests;

public sealed class AcceleratedTimeProviderTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Time_runs_faster_but_a_step_of_the_real_wall_clock_passes_through_as_the_same_step()
    {
        var real = new SteppableTimeProvider(s_t0);
        var fast = new AcceleratedTimeProvider(60, s_t0, real);
        var start = fast.GetTimestamp();

        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(s_t0 + TimeSpan.FromMinutes(1), fast.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(1), fast.GetElapsedTime(start));

        // NTP steps the machine's clock 30 s ahead, then 30 s back: monotonic time does not move.
        real.StepWallClock(TimeSpan.FromSeconds(30));
        Assert.Equal(s_t0 + TimeSpan.FromSeconds(90), fast.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(1), fast.GetElapsedTime(start));
        real.StepWallClock(-TimeSpan.FromSeconds(60));
        Assert.Equal(s_t0 + TimeSpan.FromSeconds(30), fast.GetUtcNow());

        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(s_t0 + TimeSpan.FromSeconds(90), fast.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(2), fast.GetElapsedTime(start));
    }

    [Fact]
    public void Timers_run_on_monotonic_time_speed_times_faster()
    {
        var real = new SteppableTimeProvider(s_t0);
        var fast = new AcceleratedTimeProvider(60, s_t0, real);
        var fired = 0;
        using var timer = fast.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        real.StepWallClock(TimeSpan.FromMinutes(10));
        Assert.Equal(0, fired);
        real.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, fired);
    }
}
