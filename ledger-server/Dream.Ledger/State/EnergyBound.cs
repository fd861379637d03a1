namespace Dream.Ledger.State;

/// <summary>
/// The most energy a metering point can measure in a time (docs/formats.md, "What the ledger checks"): its
/// rating (the passport's <c>maxPowerW</c>; <see cref="LegacyRatingW"/> for a <c>dream.passport/1</c>) plus
/// <see cref="TolerancePercent"/> for voltage above nominal, times the time, rounded up, plus one step of the
/// coarsest register resolution (<see cref="ResolutionSlackWh"/>, or one pulse of an S0 meter if coarser).
/// </summary>
public static class EnergyBound
{
    /// <summary>A version-1 passport states no rating: the largest an agent can be configured with (1 GW).</summary>
    public const long LegacyRatingW = ProductPassport.MaxRatingW;

    public const int TolerancePercent = 10;

    /// <summary>One step of a 0.1 kWh register (Carlo Gavazzi): a register difference may exceed the true energy by one step.</summary>
    public const long ResolutionSlackWh = 100;

    private const long MillisecondsPerHour = 3_600_000;

    public static long RatingW(ProductPassport passport)
    {
        ArgumentNullException.ThrowIfNull(passport);
        return passport.Version == 1 ? LegacyRatingW : passport.MaxPowerW;
    }

    public static long SlackWh(ProductPassport passport)
    {
        ArgumentNullException.ThrowIfNull(passport);
        return passport.MeterConstant > 0 ? Math.Max(ResolutionSlackWh, (1000 + passport.MeterConstant - 1) / passport.MeterConstant) : ResolutionSlackWh;
    }

    /// <summary>⌈rating × (100 + tolerance) % × duration⌉ + slack, in Wh; a negative duration counts as none.</summary>
    public static long LimitWh(ProductPassport passport, long durationMs)
    {
        var divisor = (Int128)MillisecondsPerHour * 100;
        var energy = (Int128)RatingW(passport) * Math.Max(0, durationMs) * (100 + TolerancePercent);
        var limit = ((energy + divisor - 1) / divisor) + SlackWh(passport);
        return limit > long.MaxValue ? long.MaxValue : (long)limit;
    }
}
