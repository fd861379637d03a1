using Dream.Edge.Clock;
using Microsoft.Extensions.Time.Testing;

namespace Dream.Edge.Tests;

/// <summary>The agent's sampling loop with the clock stepping under it, an unsynchronized kernel clock, and a
/// meter that answers 0 now and then: what gets signed.</summary>
#pragma warning disable CA1001 // xunit disposes through IAsyncLifetime.DisposeAsync (the other part)
public sealed partial class AgentEndToEndTests
{
    [Theory]
    [InlineData(30)]
    [InlineData(-30)]
    public async Task A_30_second_step_of_the_wall_clock_flags_the_interval_it_falls_in(int stepSeconds)
    {
        var time = new SteppableTimeProvider(s_t0);
        await using var agent = StartAgent(time);
        _bench.Registers.Set(10f, 0f, 100);
        for (var i = 1; i <= 15; i++)
        {
            await TickAsync(time);
        }

        // At 00:02:30 the wall clock steps; monotonic time (and so the timer) does not.
        time.StepWallClock(TimeSpan.FromSeconds(stepSeconds));
        for (var i = 0; i < 18; i++)
        {
            await TickAsync(time, exact: false);
        }

        await _bench.Ledger.WaitForThroughAsync(4, TimeSpan.FromSeconds(20));
        await StopAsync();

        var flags = Enumerable.Range(1, 4).Select(n => _bench.Ledger.Readings[n].Reading.Flags.HasFlag(ReadingQuality.ClockJumped)).ToArray();
        // +30 s: the next tick reads 00:03:10, so it closes [00:02, 00:03) and starts [00:03, 00:04) with one sample.
        // -30 s: the next tick reads 00:02:10, inside [00:02, 00:03) again.
        bool[] expected = stepSeconds > 0 ? [false, true, true, false] : [false, true, false, false];
        Assert.Equal(expected, flags);
        Assert.Equal(_bench.Ledger.Readings[2].Reading.ImportWh, _bench.Ledger.Readings[1].Reading.ImportWh + _bench.Ledger.Readings[2].Reading.DeltaImportWh);
    }

    [Fact]
    public async Task An_unsynchronized_kernel_clock_at_a_boundary_flags_both_intervals_it_touches()
    {
        var time = new FakeTimeProvider(s_t0);
        var clock = new FixedClockSynchronization(true);
        await using var agent = StartAgent(time, clock: clock);
        _bench.Registers.Set(10f, 0f, 100);
        for (var i = 1; i <= 36; i++)
        {
            // Unsynchronized only for the sample at 00:03:00 (the end of [00:02, 00:03), the start of the next)
            // and the one at 00:04:30 (inside [00:04, 00:05)).
            clock.IsSynchronized = i is not (18 or 27);
            await TickAsync(time);
        }

        await _bench.Ledger.WaitForThroughAsync(5, TimeSpan.FromSeconds(20));
        await StopAsync();

        var flags = Enumerable.Range(1, 5).Select(n => _bench.Ledger.Readings[n].Reading.Flags.HasFlag(ReadingQuality.ClockNotSynchronized)).ToArray();
        Assert.Equal([false, true, true, true, false], flags);
        Assert.Equal(ReadingQuality.None, _bench.Ledger.Readings[1].Reading.Flags);
    }

    [Fact]
    public async Task A_meter_answering_0_now_and_then_never_gets_a_0_signed_and_no_delta_is_invented()
    {
        var time = new FakeTimeProvider(s_t0);
        await using var agent = StartAgent(time);

        // 100 kWh, rising 125 Wh a sample (exact in float32). The meter answers 0 at the import register at
        // 00:00:30, at the first boundary (00:01:00), at 00:01:30 and at the boundary 00:02:00.
        var wh = 100_000L;
        for (var i = 1; i <= 24; i++)
        {
            wh += 125;
            _bench.Registers.Set(wh / 1000f, 0f, 750);
            _bench.Registers.GarbageImport = i is 3 or 6 or 9 or 12 ? ((ushort)0, (ushort)0) : null;
            await TickAsync(time);
        }

        await _bench.Ledger.WaitForThroughAsync(3, TimeSpan.FromSeconds(20));
        await StopAsync();

        var readings = Enumerable.Range(1, 3).Select(n => _bench.Ledger.Readings[n].Reading).ToList();
        Assert.All(readings, r => Assert.True(r.ImportWh >= 100_000, $"reading {r.Sequence} signed import {r.ImportWh} Wh"));
        // The first baseline is the last good register before the 0 at 00:01:00 (read at 00:00:50), not 0.
        Assert.Equal(100_000 + (5 * 125), readings[0].ImportWh - readings[0].DeltaImportWh);
        // The boundary 00:02:00 read 0: its reading carries the register of 00:01:50, estimated.
        Assert.Equal(100_000 + (11 * 125), readings[0].ImportWh);
        Assert.True(readings[0].Flags.HasFlag(ReadingQuality.Estimated));
        for (var n = 1; n < readings.Count; n++)
        {
            Assert.Equal(readings[n - 1].ImportWh + readings[n].DeltaImportWh, readings[n].ImportWh);
        }

        Assert.Equal(100_000 + (24 * 125), readings[2].ImportWh);
        Assert.Equal(ReadingQuality.None, readings[2].Flags);
        Assert.Contains("below", agent.Status.Meters[0].LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, false)] // the meter's rating (4,000 W) bounds it: 5,000 W is not a value it can measure
    [InlineData(10_000L, true)] // meters[].maxPowerW overrides the rating
    public async Task The_plausibility_bound_is_the_meters_rating_unless_configured(long? configured, bool believed)
    {
        var time = new FakeTimeProvider(s_t0);
        await using var agent = StartAgent(time, ratedMaxPowerW: 4_000, maxPowerW: configured);
        _bench.Registers.Set(10f, 0f, 5_000);
        for (var i = 1; i <= 3; i++)
        {
            await TickAsync(time);
        }

        await StopAsync();

        var meter = agent.Status.Meters[0];
        Assert.Equal(believed, meter.LastPowerW == 5_000);
        Assert.Equal(!believed, meter.LastError?.Contains("beyond what the meter can measure (4000 W)", StringComparison.Ordinal) ?? false);
    }
}
