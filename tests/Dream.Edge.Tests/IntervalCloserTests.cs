using Dream.Edge.Intervals;

namespace Dream.Edge.Tests;

public sealed class IntervalCloserTests
{
    private const long Minute = 60_000;
    private const long T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z, a boundary of every interval length

    [Fact]
    public void A_full_interval_closes_at_the_boundary_from_the_registers_with_power_statistics()
    {
        var closer = new IntervalCloser(Minute, 10_000, new RegisterBaseline(1_000, 50, T0));
        long[] powers = [100, 200, 300, 400, 500, 600];
        for (var i = 0; i < 6; i++)
        {
            Assert.Null(closer.Tick(T0 + (i * 10_000), new MeterSample(1_000 + i, 50, powers[i])));
        }

        var closed = closer.Tick(T0 + Minute, new MeterSample(1_010, 52, 700));

        Assert.NotNull(closed);
        Assert.Equal(T0, closed.StartMs);
        Assert.Equal(T0 + Minute, closed.EndMs);
        Assert.Equal(1_010, closed.ImportWh);
        Assert.Equal(52, closed.ExportWh);
        Assert.Equal(10, closed.DeltaImportWh);
        Assert.Equal(2, closed.DeltaExportWh);
        Assert.Equal(100, closed.MinW);
        Assert.Equal(350, closed.AvgW);
        Assert.Equal(600, closed.MaxW);
        Assert.Equal(6, closed.Samples);
        Assert.Equal(ReadingQuality.None, closed.Flags);
    }

    [Fact]
    public void The_first_boundary_ever_only_sets_the_baseline()
    {
        var closer = new IntervalCloser(Minute, 10_000, baseline: null);
        Assert.Null(closer.Tick(T0 + 30_000, new MeterSample(5, 0, 1)));
        Assert.Null(closer.Tick(T0 + Minute, new MeterSample(7, 0, 1)));
        Assert.Equal(new RegisterBaseline(7, 0, T0 + Minute), closer.Baseline);
    }

    [Fact]
    public void Missing_samples_and_failed_reads_are_flagged()
    {
        var closer = new IntervalCloser(Minute, 10_000, new RegisterBaseline(0, 0, T0));
        closer.Tick(T0, new MeterSample(0, 0, 10));
        closer.Tick(T0 + 10_000, null);
        closer.Tick(T0 + 20_000, new MeterSample(1, 0, 10));
        var closed = closer.Tick(T0 + Minute, new MeterSample(2, 0, 10))!;

        Assert.Equal(2, closed.Samples);
        Assert.Equal(ReadingQuality.SamplesMissing | ReadingQuality.CommunicationError, closed.Flags);
        Assert.Equal(2, closed.DeltaImportWh);
    }

    [Fact]
    public void A_failed_boundary_read_uses_the_last_good_registers_and_is_estimated()
    {
        var closer = new IntervalCloser(Minute, 10_000, new RegisterBaseline(100, 0, T0));
        for (var i = 0; i < 6; i++)
        {
            closer.Tick(T0 + (i * 10_000), new MeterSample(100 + i, 0, 1));
        }

        var closed = closer.Tick(T0 + Minute, null)!;
        Assert.Equal(105, closed.ImportWh);
        Assert.Equal(5, closed.DeltaImportWh);
        Assert.True(closed.Flags.HasFlag(ReadingQuality.Estimated));

        // The next interval's delta starts from what was signed: nothing lost, nothing counted twice.
        for (var i = 1; i < 6; i++)
        {
            closer.Tick(T0 + Minute + (i * 10_000), new MeterSample(110, 0, 1));
        }

        var next = closer.Tick(T0 + (2 * Minute), new MeterSample(112, 0, 1))!;
        Assert.Equal(7, next.DeltaImportWh);
    }

    [Fact]
    public void A_single_backwards_read_is_rejected_as_garbage_but_a_confirmed_reset_is_flagged()
    {
        var closer = new IntervalCloser(Minute, 10_000, new RegisterBaseline(1_000, 0, T0));
        closer.Tick(T0, new MeterSample(1_000, 0, 1));
        closer.Tick(T0 + 10_000, new MeterSample(3, 0, 1));
        closer.Tick(T0 + 20_000, new MeterSample(1_001, 0, 1));
        var closed = closer.Tick(T0 + Minute, new MeterSample(1_002, 0, 1))!;
        Assert.Equal(2, closed.DeltaImportWh);
        Assert.Equal(1_002, closed.ImportWh);
        Assert.True(closed.Flags.HasFlag(ReadingQuality.CommunicationError));
        Assert.False(closed.Flags.HasFlag(ReadingQuality.RegisterWentBackwards));

        // The meter is reset (or swapped): its registers stay below what was signed. Never signed lower; reported.
        for (var i = 1; i <= IntervalCloser.BackwardsConfirmations; i++)
        {
            closer.Tick(T0 + Minute + (i * 10_000), new MeterSample(5, 0, 1));
        }

        var reset = closer.Tick(T0 + (2 * Minute), new MeterSample(6, 0, 1))!;
        Assert.True(reset.Flags.HasFlag(ReadingQuality.RegisterWentBackwards));
        Assert.Equal(0, reset.DeltaImportWh);
        Assert.Equal(1_002, reset.ImportWh);
        Assert.Contains("meter reset or replaced", closer.LastRejection, StringComparison.Ordinal);
        var later = closer.Tick(T0 + (3 * Minute), new MeterSample(9, 0, 1))!;
        Assert.Equal(1_002, later.ImportWh);
        Assert.True(later.Flags.HasFlag(ReadingQuality.RegisterWentBackwards));
    }

    [Fact]
    public void A_register_jump_beyond_the_maximum_power_is_never_signed()
    {
        var closer = new IntervalCloser(Minute, 10_000, new RegisterBaseline(1_000, 0, T0), maxPowerW: 50_000);
        for (var i = 0; i < 6; i++)
        {
            closer.Tick(T0 + (i * 10_000), new MeterSample(1_000, 0, 0));
        }

        // 0x7FFF0000-style garbage: billions of Wh in ten seconds.
        var closed = closer.Tick(T0 + Minute, new MeterSample(2_147_418_112, 0, 0))!;
        Assert.Equal(1_000, closed.ImportWh);
        Assert.Equal(0, closed.DeltaImportWh);
        Assert.True(closed.Flags.HasFlag(ReadingQuality.Estimated));
    }

    [Fact]
    public void Starting_late_in_an_interval_is_flagged_as_an_outage()
    {
        var closer = new IntervalCloser(5 * Minute, 10_000, new RegisterBaseline(0, 0, T0 - (10 * Minute)));
        closer.Tick(T0 + (2 * Minute), new MeterSample(3, 0, 1));
        var closed = closer.Tick(T0 + (5 * Minute), new MeterSample(4, 0, 1))!;
        Assert.True(closed.Flags.HasFlag(ReadingQuality.PowerOutage));
        Assert.True(closed.Flags.HasFlag(ReadingQuality.SamplesMissing));
        Assert.Equal(4, closed.DeltaImportWh);
    }

    [Fact]
    public void Conditions_such_as_an_unsynchronized_clock_are_carried_into_the_interval()
    {
        var closer = new IntervalCloser(Minute, 30_000, new RegisterBaseline(0, 0, T0));
        closer.Tick(T0, new MeterSample(0, 0, 1), ReadingQuality.ClockNotSynchronized);
        closer.Tick(T0 + 30_000, new MeterSample(0, 0, 1), ReadingQuality.ClockJumped);
        var closed = closer.Tick(T0 + Minute, new MeterSample(0, 0, 1))!;
        Assert.Equal(ReadingQuality.ClockNotSynchronized | ReadingQuality.ClockJumped, closed.Flags);
    }

    [Fact]
    public void A_wall_clock_jump_past_several_intervals_closes_the_current_one_estimated_and_flags_the_gap()
    {
        var closer = new IntervalCloser(Minute, 10_000, new RegisterBaseline(0, 0, T0));
        for (var i = 0; i < 6; i++)
        {
            closer.Tick(T0 + (i * 10_000), new MeterSample(i, 0, 1));
        }

        var closed = closer.Tick(T0 + (10 * Minute), new MeterSample(9, 0, 1), ReadingQuality.ClockJumped)!;
        Assert.Equal(T0 + Minute, closed.EndMs);
        Assert.True(closed.Flags.HasFlag(ReadingQuality.Estimated));
        Assert.True(closed.Flags.HasFlag(ReadingQuality.ClockJumped), "its end register was read after the jump");
        Assert.Equal(T0 + (10 * Minute), closer.CurrentStartMs);
        Assert.True(closer.CurrentFlags.HasFlag(ReadingQuality.PowerOutage));
        Assert.True(closer.CurrentFlags.HasFlag(ReadingQuality.ClockJumped));
    }

    [Fact]
    public void Rollback_makes_the_next_delta_cover_an_interval_that_could_not_be_stored()
    {
        var baseline = new RegisterBaseline(0, 0, T0);
        var closer = new IntervalCloser(Minute, 30_000, baseline);
        closer.Tick(T0, new MeterSample(0, 0, 1));
        closer.Tick(T0 + 30_000, new MeterSample(2, 0, 1));
        Assert.NotNull(closer.Tick(T0 + Minute, new MeterSample(3, 0, 1)));
        closer.Rollback(baseline);
        closer.Tick(T0 + Minute + 30_000, new MeterSample(4, 0, 1));
        var next = closer.Tick(T0 + (2 * Minute), new MeterSample(5, 0, 1))!;
        Assert.Equal(5, next.DeltaImportWh);
        Assert.True(next.Flags.HasFlag(ReadingQuality.Estimated));
    }

    [Theory]
    [InlineData(-1, 0, 0)]
    [InlineData(0, -1, 0)]
    [InlineData(MeterSample.MaxRegisterWh + 1, 0, 0)]
    [InlineData(0, 0, MeterSample.MaxPowerW + 1)]
    [InlineData(0, 0, -MeterSample.MaxPowerW - 1)]
    public void Values_no_meter_could_measure_are_refused(long import, long export, long power)
    {
        Assert.Throws<MeterReadException>(() => MeterSample.FromRegisters(import, export, power));
    }
}
