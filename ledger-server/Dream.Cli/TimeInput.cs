using System.Globalization;

namespace Dream.Cli;

/// <summary>A time a person types: Unix ms, or an ISO 8601 time (UTC when it names no offset).</summary>
public static class TimeInput
{
    public static long ParseMs(string text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return ms;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time.ToUnixTimeMilliseconds()
            : throw new CliException($"{text} is neither Unix ms nor an ISO 8601 time.");
    }
}
