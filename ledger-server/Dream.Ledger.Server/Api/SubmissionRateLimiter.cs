using Dream.Ledger.Server.Hosting;

namespace Dream.Ledger.Server.Api;

/// <summary>
/// Token buckets for passport submissions, one per installer and one for all, as a generic cell rate
/// algorithm in integer ticks of the injected clock: each bucket remembers when it would be empty again.
/// A submission is taken only when both buckets have room, so a refused one costs neither.
/// </summary>
public sealed class SubmissionRateLimiter(PassportSubmissionConfig config, TimeProvider time)
{
    private const string Total = "";
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _fullAt = new(StringComparer.Ordinal);

    /// <summary>Takes one submission for <paramref name="installer"/>, or says how long to wait.</summary>
    public bool TryTake(string installer, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(config);
        var now = time.GetUtcNow().UtcTicks;
        lock (_lock)
        {
            var (installerOk, installerNext, installerWait) = Check(installer, now, config.InstallerPerMinute, config.InstallerBurst);
            var (totalOk, totalNext, totalWait) = Check(Total, now, config.TotalPerMinute, config.TotalBurst);
            if (!installerOk || !totalOk)
            {
                retryAfter = TimeSpan.FromTicks(Math.Max(installerOk ? 0 : installerWait, totalOk ? 0 : totalWait));
                return false;
            }

            _fullAt[installer] = installerNext;
            _fullAt[Total] = totalNext;
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    private (bool Ok, long Next, long Wait) Check(string key, long now, int perMinute, int burst)
    {
        var interval = TimeSpan.TicksPerMinute / Math.Max(1, perMinute);
        var tolerance = interval * (Math.Max(1, burst) - 1);
        var theoretical = Math.Max(_fullAt.GetValueOrDefault(key, now), now);
        var wait = theoretical - now - tolerance;
        return wait > 0 ? (false, theoretical, wait) : (true, theoretical + interval, 0);
    }
}
