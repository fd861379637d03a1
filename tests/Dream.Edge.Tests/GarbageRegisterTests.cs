using Dream.Edge.Intervals;

namespace Dream.Edge.Tests;

/// <summary>A momentary 0 or garbage register never becomes a reading, a boundary register or a baseline, and
/// no delta is invented from it; nothing below the last signed register is ever signed.</summary>
public sealed class GarbageRegisterTests
{
    private const long Minute = 60_000;
    private const long Period = 10_000;
    private const long T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

    [Fact]
    public void Good_zero_good_inside_an_interval_leaves_no_trace_but_the_flag()
    {
        var closer = new IntervalCloser(Minute, Period, new RegisterBaseline(1_000, 10, T0), maxPowerW: 44_850);
        long[] imports = [1_000, 0, 1_001, 1_002, 1_003, 1_004];
        for (var i = 0; i < 6; i++)
        {
            Assert.Null(closer.Tick(T0 + (i * Period), new MeterSample(imports[i], imports[i] == 0 ? 0 : 10, 500)));
        }

        var closed = closer.Tick(T0 + Minute, new MeterSample(1_005, 10, 500))!;
        Assert.Equal(1_005, closed.ImportWh);
        Assert.Equal(5, closed.DeltaImportWh);
        Assert.Equal(0, closed.DeltaExportWh);
        Assert.Equal(5, closed.Samples);
        Assert.Equal(ReadingQuality.SamplesMissing | ReadingQuality.CommunicationError, closed.Flags);
    }

    [Fact]
    public void A_zero_at_the_boundary_is_not_the_boundary_register_and_the_next_delta_covers_the_rest()
    {
        var closer = new IntervalCloser(Minute, Period, new RegisterBaseline(1_000, 0, T0), maxPowerW: 44_850);
        for (var i = 0; i < 6; i++)
        {
            closer.Tick(T0 + (i * Period), new MeterSample(1_000 + i, 0, 500));
        }

        var first = closer.Tick(T0 + Minute, new MeterSample(0, 0, 0))!;
        Assert.Equal(1_005, first.ImportWh);
        Assert.Equal(5, first.DeltaImportWh);
        Assert.True(first.Flags.HasFlag(ReadingQuality.Estimated));
        Assert.Contains("below the last signed", closer.LastRejection, StringComparison.Ordinal);

        for (var i = 1; i < 6; i++)
        {
            closer.Tick(T0 + Minute + (i * Period), new MeterSample(1_006 + i, 0, 500));
        }

        var second = closer.Tick(T0 + (2 * Minute), new MeterSample(1_012, 0, 500))!;
        Assert.Equal(1_012, second.ImportWh);
        Assert.Equal(7, second.DeltaImportWh);
        Assert.Equal(second.ImportWh - first.ImportWh, second.DeltaImportWh);
    }

    [Fact]
    public void A_zero_first_read_never_becomes_the_baseline()
    {
        var closer = new IntervalCloser(Minute, Period, baseline: null, maxPowerW: 44_850);
        Assert.Null(closer.Tick(T0 + Period, new MeterSample(0, 0, 0)));
        Assert.Null(closer.Tick(T0 + (2 * Period), new MeterSample(5_000_000, 0, 500)));
        Assert.Null(closer.Tick(T0 + (3 * Period), new MeterSample(5_000_001, 0, 500)));
        Assert.Null(closer.Tick(T0 + Minute, new MeterSample(5_000_002, 0, 500)));
        Assert.Equal(new RegisterBaseline(5_000_002, 0, T0 + Minute), closer.Baseline);
    }

    [Fact]
    public void A_zero_at_the_first_boundary_ever_leaves_the_baseline_at_the_last_good_register()
    {
        var closer = new IntervalCloser(Minute, Period, baseline: null, maxPowerW: 44_850);
        for (var i = 1; i < 6; i++)
        {
            closer.Tick(T0 + (i * Period), new MeterSample(5_000_000 + i, 0, 500));
        }

        Assert.Null(closer.Tick(T0 + Minute, new MeterSample(0, 0, 0)));
        Assert.Equal(new RegisterBaseline(5_000_005, 0, T0 + Minute), closer.Baseline);
    }

    [Fact]
    public void A_lone_first_read_of_garbage_is_replaced_by_the_reads_that_agree()
    {
        var closer = new IntervalCloser(Minute, Period, baseline: null, maxPowerW: 44_850);
        closer.Tick(T0 + Period, new MeterSample(2_147_418_112, 0, 500));
        Assert.NotNull(closer.LastRejection);
        closer.Tick(T0 + (2 * Period), new MeterSample(7_000, 0, 500));
        closer.Tick(T0 + (3 * Period), new MeterSample(7_001, 0, 500));
        Assert.Null(closer.LastRejection);
        Assert.Null(closer.Tick(T0 + Minute, new MeterSample(7_002, 0, 500)));
        Assert.Equal(7_002, closer.Baseline!.ImportWh);
    }

    [Fact]
    public void A_power_beyond_the_rating_is_rejected()
    {
        var closer = new IntervalCloser(Minute, Period, new RegisterBaseline(0, 0, T0), maxPowerW: 10_350);
        closer.Tick(T0, new MeterSample(0, 0, 11_385)); // 110 % of the rating: a high grid voltage
        Assert.Null(closer.LastRejection);
        closer.Tick(T0 + Period, new MeterSample(1, 0, 11_386));
        Assert.Contains("beyond what the meter can measure", closer.LastRejection, StringComparison.Ordinal);
        closer.Tick(T0 + (2 * Period), new MeterSample(1, 0, -2_000_000));
        Assert.NotNull(closer.LastRejection);
    }

    [Fact]
    public void Energy_may_rise_at_the_rating_plus_margin_but_not_faster()
    {
        // 44,850 W for 10 s plus a period of slack, with the 10 % margin: at most 276 Wh (rounded up, plus 1).
        var closer = new IntervalCloser(Minute, Period, new RegisterBaseline(0, 0, T0), maxPowerW: 44_850);
        closer.Tick(T0, new MeterSample(0, 0, 0));
        closer.Tick(T0 + Period, new MeterSample(276, 0, 0));
        Assert.Null(closer.LastRejection);
        closer.Tick(T0 + (2 * Period), new MeterSample(553, 0, 0));
        Assert.Contains("faster than 44850 W", closer.LastRejection, StringComparison.Ordinal);
    }
}
