using Dream.Edge.Configuration;
using Dream.Edge.Publishing;
using Dream.Systemd;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dream.Edge.Service;

/// <summary>
/// Feeds the systemd watchdog, only while the agent does its work: every meter loop ticked within three sample
/// periods (plus 30 s), and the publish loop turned within <see cref="PublishStallLimit"/> while the broker is
/// connected (while it is not, the publisher only waits, and sampling into the outbox is what must go on).
/// Otherwise systemd restarts the agent after WatchdogSec.
/// </summary>
internal sealed partial class WatchdogService(AgentOptions options, AgentStatus status, ReadingPublisher publisher, SystemdNotifier notifier, TimeProvider time, ILogger log)
    : BackgroundService
{
    /// <summary>The publish loop sleeps at most 5 s and a PUBACK comes within the keep-alive: two minutes is stuck.</summary>
    public static readonly TimeSpan PublishStallLimit = TimeSpan.FromMinutes(2);

    private readonly ILogger _log = log;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = HousekeepingService.Period;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (Stuck() is { } what)
                {
                    LogUnhealthy(what);
                }
                else
                {
                    notifier.Watchdog();
                }

                await Task.Delay(period, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>What is stuck, or null while the agent is healthy.</summary>
    internal string? Stuck()
    {
        var stuckMeter = status.Update(s => s.Meters.Zip(options.Meters).FirstOrDefault(pair =>
            time.GetElapsedTime(pair.First.LastTickTimestamp) >= TimeSpan.FromMilliseconds(pair.Second.SamplePeriodMilliseconds * 3 + 30_000)).First?.Id);
        if (stuckMeter is not null)
        {
            return $"the sampling loop of meter {stuckMeter}";
        }

        var loop = publisher.LastLoopTimestamp;
        return publisher.IsConnected && loop != 0 && time.GetElapsedTime(loop) >= PublishStallLimit ? "the publish loop" : null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Stuck: {What}; not feeding the systemd watchdog")]
    private partial void LogUnhealthy(string what);
}
