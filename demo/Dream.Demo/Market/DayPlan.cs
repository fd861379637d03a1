namespace Dream.Demo.Market;

/// <summary>
/// The trading day's timetable in simulated time, laid out after the grid is up: the market opens, auctions
/// close before the first delivery window, two one-hour windows are delivered, then checked after the grace.
/// The trading time and the grace last at least <see cref="MinimumRealTrading"/> and <see cref="MinimumRealGrace"/>
/// of real time whatever the speed, so that on a loaded machine the transactions reach the ledger before their
/// deadlines and the readings before the delivery checks. The windows are in the sun: when a slow start would put
/// them in the evening (no surplus to promise), they move to the next morning.
/// </summary>
internal sealed record DayPlan(DateTimeOffset MarketOpens, DateTimeOffset AuctionDeadline, DateTimeOffset Window1Start, DateTimeOffset Window2Start, DateTimeOffset Window2End, TimeSpan Grace)
{
    public DateTimeOffset Window1End => Window2Start;

    /// <summary>When every delivery check is due, plus one interval for the last readings to land.</summary>
    public DateTimeOffset DayEnd => Window2End + Grace + TimeSpan.FromMinutes(5);

    public static readonly TimeSpan MinimumRealTrading = TimeSpan.FromSeconds(20);

    public static readonly TimeSpan MinimumRealGrace = TimeSpan.FromSeconds(20);

    /// <summary>The latest hour (simulated UTC) the first window may start at: both windows end by 16:00, well before the simulated sunset.</summary>
    public const int LatestWindowStartHour = 14;

    /// <summary>Where the windows go when the day is already too late for them: the next morning.</summary>
    public const int NextMorningWindowHour = 10;

    public static DayPlan After(DateTimeOffset ready, double speed)
    {
        var opens = Ceiling(ready, TimeSpan.FromMinutes(15));
        var trading = Max(TimeSpan.FromMinutes(60), MinimumRealTrading * speed);
        var window1 = Ceiling(opens + trading, TimeSpan.FromHours(1));
        if (window1.Hour > LatestWindowStartHour)
        {
            window1 = new DateTimeOffset(window1.UtcDateTime.Date.AddDays(1).AddHours(NextMorningWindowHour), TimeSpan.Zero);
        }
        var grace = Ceiling(Max(TimeSpan.FromMinutes(15), MinimumRealGrace * speed), TimeSpan.FromMinutes(5));
        return new DayPlan(opens, window1 - TimeSpan.FromMinutes(15), window1, window1 + TimeSpan.FromHours(1), window1 + TimeSpan.FromHours(2), grace);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Ceiling(TimeSpan span, TimeSpan step) => TimeSpan.FromTicks((span.Ticks + step.Ticks - 1) / step.Ticks * step.Ticks);

    private static DateTimeOffset Ceiling(DateTimeOffset time, TimeSpan step) =>
        new(((time.UtcTicks + step.Ticks - 1) / step.Ticks) * step.Ticks, TimeSpan.Zero);
}
