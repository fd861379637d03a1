namespace Dream.Contracts;

/// <summary>The interval lengths a meter may be configured with; intervals align to UTC boundaries.</summary>
public static class IntervalLength
{
    public static readonly IReadOnlyList<long> AllowedMilliseconds = [60_000, 300_000, 900_000, 3_600_000];

    public static bool IsAllowed(long milliseconds) => AllowedMilliseconds.Contains(milliseconds);

    /// <summary>The start of the interval of <paramref name="lengthMs"/> containing <paramref name="unixMs"/>.</summary>
    public static long AlignDown(long unixMs, long lengthMs) => unixMs - (((unixMs % lengthMs) + lengthMs) % lengthMs);
}
