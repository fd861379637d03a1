using System.Globalization;
using Dream.Edge.Clock;
using Dream.Edge.Configuration;
using Dream.Edge.Outbox;
using Dream.Edge.Publishing;
using Dream.Systemd;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dream.Edge.Service;

/// <summary>
/// Every few seconds: the status (outbox depth, clock, alarms), the status file, systemd's STATUS= line, and the
/// retained status every minute. Stopped after the agent, so the status file's last copy says "stopped".
/// </summary>
internal sealed partial class HousekeepingService(
    AgentOptions options,
    OutboxStore outbox,
    AgentStatus status,
    IClockSynchronization clock,
    ReadingPublisher publisher,
    SystemdNotifier notifier,
    TimeProvider time,
    ILogger log) : BackgroundService
{
    private readonly ILogger _log = log;
    private bool _alarmedNear;

    /// <summary>Half the watchdog interval, at most 5 s: the watchdog's period too.</summary>
    public static TimeSpan Period => SystemdNotifier.WatchdogInterval() is { } w ? TimeSpan.FromTicks(Math.Min(w.Ticks / 2, TimeSpan.FromSeconds(5).Ticks)) : TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = Period;
        var lastPublished = TimeSpan.Zero;
        var sinceStart = time.GetTimestamp();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Refresh();
                notifier.Status(StatusLine());
                WriteStatusFile();
                var elapsed = time.GetElapsedTime(sinceStart);
                if (elapsed - lastPublished >= TimeSpan.FromMinutes(1) || lastPublished == TimeSpan.Zero)
                {
                    lastPublished = elapsed == TimeSpan.Zero ? TimeSpan.FromTicks(1) : elapsed;
                    publisher.PublishStatus();
                }

                await Task.Delay(period, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        WriteStatusFile();
    }

    private void Refresh()
    {
        var count = outbox.Count;
        var oldest = outbox.Oldest;
        var synchronized = clock.Query().IsSynchronized;
        var alarms = new List<string>();
        var ratio = (double)count / options.Outbox.MaxReadings;
        if (count >= options.Outbox.MaxReadings)
        {
            alarms.Add($"OUTBOX FULL: {count} unreceipted readings; new intervals are not stored (registers keep counting, the next stored reading covers the gap)");
        }
        else if (ratio >= options.Outbox.AlarmRatio)
        {
            alarms.Add($"outbox {ratio:P0} full ({count} of {options.Outbox.MaxReadings}): the ledger has not receipted readings since sequence {oldest?.Sequence}");
            if (!_alarmedNear)
            {
                _alarmedNear = true;
                LogOutboxNearlyFull(count, options.Outbox.MaxReadings);
            }
        }
        else
        {
            _alarmedNear = false;
        }

        if (!synchronized)
        {
            alarms.Add("clock not synchronized: readings are flagged");
        }

        var unstored = status.Update(s => s.Meters.Sum(m => m.UnstoredIntervals));
        if (status.Update(s => s.StorageError) is { } storage)
        {
            alarms.Add($"OUTBOX NOT WRITABLE (disk full?): {storage} Sampling goes on; {unstored} closed intervals are held in memory (at most {MeterLoop.MaxUnstoredIntervals} per meter, then the oldest merge) and are stored when space returns.");
        }

        foreach (var refusal in status.Update(s => s.Refusals.ToList()))
        {
            alarms.Add(refusal.Retry
                ? $"the ledger refuses reading {refusal.Sequence} for now ({refusal.Reason}: {refusal.Detail}); it is sent again every receipt timeout"
                : $"READING {refusal.Sequence} REFUSED by the ledger ({refusal.Reason}: {refusal.Detail}): it is kept but never resent; readings after it are sent but cannot be receipted until an operator acts (docs/agent.md)");
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        status.Update(s =>
        {
            s.UpdatedAtMs = now;
            s.OutboxDepth = count;
            s.OldestUnreceiptedSequence = oldest?.Sequence;
            s.OldestUnreceiptedEndMs = oldest?.EndMs;
            s.ClockSynchronized = synchronized;
            s.UnstoredIntervals = unstored;
            foreach (var m in s.Meters.Where(m => m.LastErrorAtMs is { } at && (m.LastSampleAtMs is null || m.LastSampleAtMs < at)))
            {
                alarms.Add($"meter {m.Id} failing: {m.LastError}");
            }

            s.Alarms = alarms;
            return 0;
        });
    }

    private string StatusLine() => status.Update(s => string.Create(CultureInfo.InvariantCulture,
        $"{s.State}; seq {s.LastSequence}; backlog {s.OutboxDepth}; broker {(s.BrokerConnected ? "up" : "down")}; receipted {s.LastReceiptSequence}{(s.Alarms.Count > 0 ? "; ALARM: " + s.Alarms[0] : string.Empty)}"));

    private void WriteStatusFile()
    {
        try
        {
            status.WriteTo(options.StatusFile);
        }
        catch (IOException e)
        {
            LogStatusFileFailed(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox holds {Count} of at most {Max} unreceipted readings: is the ledger receipting?")]
    private partial void LogOutboxNearlyFull(int count, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the status file: {Reason}")]
    private partial void LogStatusFileFailed(string reason);
}
