namespace Dream.Demo.Market;

/// <summary>
/// The trading day's timetable in simulated time, laid out after the grid is up: the market opens, auctions
/// close before the first delivery window, two one-hour windows are delivered, then checked after the grace.
/// </summary>
internal sealed record DayPlan(DateTimeOffset MarketOpens, DateTimeOffset AuctionDeadline, DateTimeOffset Window1Start, DateTimeOffset Window2Start, DateTimeOffset Window2End, TimeSpan Grace)
{
    public DateTimeOffset Window1End => Window2Start;

    /// <summary>When every delivery check is due, plus one interval for the last readings to land.</summary>
    public DateTimeOffset DayEnd => Window2End + Grace + TimeSpan.FromMinutes(5);

    public static DayPlan After(DateTimeOffset ready)
    {
        var opens = Ceiling(ready, TimeSpan.FromMinutes(15));
        var window1 = Ceiling(opens + TimeSpan.FromMinutes(60), TimeSpan.FromHours(1));
        return new DayPlan(opens, window1 - TimeSpan.FromMinutes(15), window1, window1 + TimeSpan.FromHours(1), window1 + TimeSpan.FromHours(2), TimeSpan.FromMinutes(15));
    }

    private static DateTimeOffset Ceiling(DateTimeOffset time, TimeSpan step) =>
        new(((time.UtcTicks + step.Ticks - 1) / step.Ticks) * step.Ticks, TimeSpan.Zero);
}
