using System.Globalization;
using Dream.Ledger.Ingest;
using Microsoft.Extensions.Hosting;

namespace Dream.Ledger.Server.Hosting;

/// <summary>
/// Feeds systemd's watchdog (<c>WATCHDOG=1</c>) only while the ledger makes progress: the committer finished a
/// batch within half the watchdog interval or is idle with nothing queued, and the MQTT ingest is connected or
/// retrying as designed. A store that refuses commits (disk full) pauses ingest, but the committer retries on
/// its schedule: alive, not ready (<c>/readyz</c> says so), and still fed, because a restart frees no disk; it
/// counts as stuck only when no attempt comes within the announced retry delay plus half the interval. Each
/// check (four per interval) also sets <c>STATUS=</c> to what the ledger does, or to why the watchdog is not fed.
/// </summary>
public sealed class LedgerWatchdog : BackgroundService
{
    private static readonly TimeSpan s_statusPeriod = TimeSpan.FromSeconds(30);

    private readonly LedgerEngine _engine;
    private readonly Func<TimeSpan, string?> _ingestProblem;
    private readonly LedgerWatchdogOptions _options;
    private long _rounds = -1;
    private int _failedAttempts;
    private long _progressAt;

    /// <param name="ingestProblem">Given the slack allowed, why ingest is not alive, or null (<see cref="MqttIngestSet.Problem"/>).</param>
    public LedgerWatchdog(LedgerEngine engine, Func<TimeSpan, string?> ingestProblem, LedgerWatchdogOptions options)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(ingestProblem);
        ArgumentNullException.ThrowIfNull(options);
        _engine = engine;
        _ingestProblem = ingestProblem;
        _options = options;
    }

    /// <summary>How often the ledger is checked: a quarter of the interval, so that one slow check never starves systemd.</summary>
    public TimeSpan Period => _options.Interval is { } interval ? interval / 4 : s_statusPeriod;

    /// <summary>How long the committer may hold work without finishing a batch (half the interval).</summary>
    public TimeSpan StallLimit => _options.Interval is { } interval ? interval / 2 : s_statusPeriod;

    /// <summary>Null while the ledger is alive, else why it is not; remembers the progress it saw.</summary>
    public string? Problem()
    {
        var now = _options.Time.GetTimestamp();
        var progress = _engine.CommitterProgress;
        var fault = _engine.StoreFault;
        if (!progress.Running)
        {
            return "the committer has stopped";
        }

        var attempts = fault?.FailedAttempts ?? 0;
        if (!progress.HasWork || progress.Rounds != _rounds || attempts != _failedAttempts)
        {
            (_rounds, _failedAttempts, _progressAt) = (progress.Rounds, attempts, now);
        }

        // While the store fails, the next attempt is announced RetryIn ahead: waiting for it is progress as designed.
        var stalled = _options.Time.GetElapsedTime(_progressAt, now);
        if (stalled > StallLimit + (fault?.RetryIn ?? TimeSpan.Zero))
        {
            return string.Create(CultureInfo.InvariantCulture, $"the committer has finished no batch for {stalled.TotalSeconds:0.#} s");
        }

        return _ingestProblem(StallLimit);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Created before the first report, so that a clock advanced after it fires the next one.
        using var timer = new PeriodicTimer(Period, _options.Time);
        _progressAt = _options.Time.GetTimestamp();
        try
        {
            do
            {
                Report();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host stops.
        }
    }

    private void Report()
    {
        var size = _engine.Head.Size.ToString(CultureInfo.InvariantCulture);
        if (Problem() is { } problem)
        {
            _options.Notifier.Status($"unhealthy, watchdog not fed: {problem}; log size {size}");
            return;
        }

        var status = _engine.StoreFault is { } fault ? $"store {fault.Cause}, ingest paused, retrying; log size {size}" : $"serving, log size {size}";
        _options.Notifier.Send(_options.Interval is null ? "STATUS=" + status : "WATCHDOG=1\nSTATUS=" + status);
    }
}
