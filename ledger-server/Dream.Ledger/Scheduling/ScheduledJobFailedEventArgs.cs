namespace Dream.Ledger.Scheduling;

public sealed class ScheduledJobFailedEventArgs(string job, Exception exception) : EventArgs
{
    public string Job { get; } = job;

    public Exception Exception { get; } = exception;
}
