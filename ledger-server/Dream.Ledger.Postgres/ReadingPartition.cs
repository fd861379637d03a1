using System.Globalization;

namespace Dream.Ledger.Postgres;

/// <summary>
/// One UTC month of the readings index, by interval start: the partition <c>readings_yYYYYmMM</c> holds the rows whose
/// <c>start_ms</c> is in [<see cref="FromMs"/>, <see cref="ToMs"/>).
/// </summary>
public readonly record struct ReadingPartition(string Name, long FromMs, long ToMs)
{
    private static readonly long s_firstMs = DateTimeOffset.UnixEpoch.ToUnixTimeMilliseconds();
    private static readonly long s_endMs = new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>The bound as <c>pg_get_expr(relpartbound)</c> prints it.</summary>
    public string Bound => string.Create(CultureInfo.InvariantCulture, $"FOR VALUES FROM ('{FromMs}') TO ('{ToMs}')");

    /// <summary>The month a partition's name says; null for a name that is not <c>readings_yYYYYmMM</c>.</summary>
    public static ReadingPartition? TryParse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length != "readings_y0000m00".Length || !name.StartsWith("readings_y", StringComparison.Ordinal) || name[14] != 'm'
            || !int.TryParse(name.AsSpan(10, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(name.AsSpan(15, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || year < 1970 || year > 9998 || month < 1 || month > 12)
        {
            return null;
        }

        return Of(new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
    }

    /// <summary>The month of <paramref name="startMs"/>; null outside 1970..9998, whose rows the default partition takes.</summary>
    public static ReadingPartition? Of(long startMs)
    {
        if (startMs < s_firstMs || startMs >= s_endMs)
        {
            return null;
        }

        var time = DateTimeOffset.FromUnixTimeMilliseconds(startMs);
        var from = new DateTimeOffset(time.Year, time.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return new(
            string.Create(CultureInfo.InvariantCulture, $"readings_y{time.Year:D4}m{time.Month:D2}"),
            from.ToUnixTimeMilliseconds(),
            from.AddMonths(1).ToUnixTimeMilliseconds());
    }
}
