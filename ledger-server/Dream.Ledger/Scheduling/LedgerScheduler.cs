namespace Dream.Ledger.Scheduling;

/// <summary>
/// The one scheduler loop: on every tick, runs each job in turn (never two at once, so jobs cannot race
/// each other). A failing job is reported and retried on the next tick; the loop goes on.
/// </summary>
public sealed class LedgerScheduler
{
    private readonly List<IScheduledJob> _jobs = [];
    private readonly TimeProvider _time;

    public LedgerScheduler(TimeProvider time)
    {
        _time = time;
    }

    public event EventHandler<ScheduledJobFailedEventArgs>? JobFailed;

    public IReadOnlyList<IScheduledJob> Jobs => _jobs;

    public long Ticks { get; private set; }

    public void Add(IScheduledJob job) => _jobs.Add(job);

    public async Task TickAsync(CancellationToken cancellationToken)
    {
        Ticks++;
        foreach (var job in _jobs)
        {
            try
            {
                await job.RunAsync(_time.GetUtcNow(), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                JobFailed?.Invoke(this, new ScheduledJobFailedEventArgs(job.Name, e));
            }
        }
    }

    public async Task RunAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await TickAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
