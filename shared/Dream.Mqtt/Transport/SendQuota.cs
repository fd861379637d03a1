namespace Dream.Mqtt.Transport;

/// <summary>
/// The server's receive maximum as a counting gate: a QoS 1 or 2 publish takes a slot before it is sent
/// and gives it back when acknowledged, so at most that many are unacknowledged at once.
/// </summary>
internal sealed class SendQuota(int available)
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private int _available = available;

    public ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (_available > 0 && _waiters.Count == 0)
            {
                _available--;
                return ValueTask.CompletedTask;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }

        return new ValueTask(WaitAsync(waiter, cancellationToken));
    }

    public void Release()
    {
        lock (_gate)
        {
            while (_waiters.TryDequeue(out var waiter))
            {
                if (waiter.TrySetResult())
                {
                    return;
                }
            }

            _available++;
        }
    }

    /// <summary>Starts over with a new maximum, of which <paramref name="inUse"/> slots are already taken.</summary>
    public void Reset(int maximum, int inUse)
    {
        lock (_gate)
        {
            _available = maximum - inUse;
            while (_available > 0 && _waiters.TryDequeue(out var waiter))
            {
                if (waiter.TrySetResult())
                {
                    _available--;
                }
            }
        }
    }

    private static async Task WaitAsync(TaskCompletionSource waiter, CancellationToken cancellationToken)
    {
        // A waiter cancelled here stays queued but can no longer be granted; Release skips it.
        await using (cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)))
        {
            await waiter.Task;
        }
    }
}
