using System.Globalization;

namespace Dream.Demo.Report;

/// <summary>A simulated meter's read log (<c>simulate-meter --read-log</c>), and which of its reads a logged reading's
/// registers came from.</summary>
internal static class ServedReads
{
    /// <summary>The reads logged so far; the simulator is still writing, so a torn last line (and the
    /// log's <c>#</c> line when it stopped at its bound) are left out.</summary>
    public static List<MeterRead> Load(string file)
    {
        var reads = new List<MeterRead>();
        if (!File.Exists(file))
        {
            return reads;
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            if (parts.Length == 3
                && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var import)
                && double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var export))
            {
                reads.Add(new MeterRead(ms, import, export));
            }
        }

        return reads;
    }

    /// <summary>The read whose counters are nearest the row's registers: the smallest larger difference of the two, then
    /// the smallest sum, so neither register of the read chosen is further off than both of the read the agent's
    /// sample came from. The counters only rise, so it is that read, or one as near to it as the registers' step can
    /// tell.</summary>
    public static MeterRead? Nearest(IReadOnlyList<MeterRead> reads, ReadingRow row) =>
        reads.Count == 0 ? null : reads.MinBy(r =>
        {
            var (import, export) = (Math.Abs(r.ImportWh - row.ImportWh), Math.Abs(r.ExportWh - row.ExportWh));
            return (Math.Max(import, export), import + export);
        });
}
