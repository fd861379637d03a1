using System.Diagnostics;
using Dream.Crypto;

namespace Dream.Benchmarks.Common;

/// <summary>The machine's own limits, measured in the same run as the figure they stand beside.</summary>
public static class Ceilings
{
    /// <summary>Ed25519 verifies per second of a 600-byte message on one core and on every core, ~1 s each.</summary>
    public static (double One, double All) MeasureVerifies()
    {
        using var key = Ed25519PrivateKey.Generate();
        var message = new byte[600];
        var signature = key.Sign(message);
        var publicKey = key.PublicKey;
        double Run(int threads)
        {
            var counts = new long[threads];
            var clock = Stopwatch.StartNew();
            Parallel.For(0, threads, t =>
            {
                while (clock.ElapsedMilliseconds < 1000)
                {
                    for (var i = 0; i < 100; i++)
                    {
                        publicKey.Verify(message, signature);
                    }

                    counts[t] += 100;
                }
            });
            return counts.Sum() / clock.Elapsed.TotalSeconds;
        }

        return (Run(1), Run(Environment.ProcessorCount));
    }

    /// <summary>The 1, 5 and 15 minute load averages, as the kernel reports them.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
