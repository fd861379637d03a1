namespace Dream.Soak.Benchmarks;

/// <summary>The soak's command line: --rate, --devices, --minutes, --publishers, --report-seconds, and --ledger: the
/// dream-ledger executable to run (the Native AOT build that ships; by default the JIT build beside the soak).</summary>
internal sealed record SoakOptions(int Rate, int Devices, TimeSpan Duration, int Publishers, TimeSpan ReportPeriod, string? Ledger)
{
    /// <summary>One-minute intervals keep a long run's readings in the recent past (a 10-minute soak at 5,000/s
    /// is 3,000 readings per device: about two days of intervals).</summary>
    public const long IntervalMs = 60_000;

    /// <summary>Readings each device publishes at most: the rate's share over the whole run, plus slack.</summary>
    public int ReadingsPerDevice => (int)Math.Ceiling(Rate * Duration.TotalSeconds / Devices) + 16;

    public static SoakOptions Parse(string[] args)
    {
        var options = new SoakOptions(
            Int(args, "--rate", 5000),
            Int(args, "--devices", 1000),
            TimeSpan.FromMinutes(Number(args, "--minutes", 10)),
            Int(args, "--publishers", 4),
            TimeSpan.FromSeconds(Number(args, "--report-seconds", 60)),
            Text(args, "--ledger"));
        if (options.Rate <= 0 || options.Devices <= 0 || options.Publishers <= 0 || options.Duration <= TimeSpan.Zero || options.ReportPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException("--rate, --devices, --minutes, --publishers and --report-seconds must be positive.");
        }

        return options;
    }

    private static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Int(string[] args, string name, int fallback) => (int)Number(args, name, fallback);

    private static double Number(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
