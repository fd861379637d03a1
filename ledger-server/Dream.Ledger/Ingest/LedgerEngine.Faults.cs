using System.Diagnostics;
using System.Threading.Channels;
using Dream.Crypto;
using Dream.Ledger.Log;
using Dream.Ledger.State;
using Dream.Ledger.Storage;
using Dream.Transparency.Checkpoints;
using Dream.Transparency.Notes;

namespace Dream.Ledger.Ingest;

/// <summary>
/// What the committer does when the store refuses a commit (disk full, I/O error): the state is rolled back
/// to what is durable, nothing of the batch is acknowledged (no receipt, no transaction result, no metric),
/// and the same batch is committed again after a backoff on the ledger's clock, until it succeeds; then the
/// state advances by replaying the batch's entries. Meanwhile the queue fills and ingest waits
/// (back-pressure), new registry and market transactions are refused at once, and <see cref="StoreFault"/>
/// says why. At shutdown everything waits at most <see cref="LedgerOptions.ShutdownDrainTimeout"/>.
/// </summary>
public sealed partial class LedgerEngine
{
    private StoreFault? _fault;
    private int _stopping;
    private TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Raised on the committer after each failed commit (ingest is paused); handlers must be quick.</summary>
    public event EventHandler<StoreFault>? StoreFailed;

    /// <summary>Raised on the committer once the batch that failed is committed; carries the fault it ends.</summary>
    public event EventHandler<StoreFault>? StoreRecovered;

    /// <summary>Why commits fail now (ingest is paused and retried), or null when the store commits.</summary>
    public StoreFault? StoreFault => Volatile.Read(ref _fault);

    /// <summary>Completes once the committed log holds at least <paramref name="size"/> entries.</summary>
    public async Task WaitForSizeAsync(long size, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task committed;
            lock (_stateLock)
            {
                if (_head.Size >= size)
                {
                    return;
                }

                committed = _committed.Task;
            }

            await committed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Stops taking work and lets the committer commit what is queued, for at most
    /// <see cref="LedgerOptions.ShutdownDrainTimeout"/> (wall time: systemd's stop timeout is). While the store
    /// fails, or after that, it gives up at once: what was not committed is failed (readings were not receipted,
    /// so their agents send them again).
    /// </summary>
    public async Task StopAsync()
    {
        var all = Task.WhenAll(_tasks);
        if (Interlocked.Exchange(ref _stopping, 1) == 0)
        {
            _verifyQueue.Writer.TryComplete();
            _commitQueue.Writer.TryComplete();
            if (StoreFault is not null || await Task.WhenAny(all, Task.Delay(_options.ShutdownDrainTimeout, TimeProvider.System)) != all)
            {
                await _stop.CancelAsync();
            }
        }

        await all;
    }

    /// <summary>The committer's loop (<see cref="CommitBatchesAsync"/>) and what it leaves when it stops.</summary>
    private async Task CommitLoopAsync()
    {
        var items = new List<WorkItem>();
        try
        {
            await CommitBatchesAsync(items);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping without draining: what was taken and not committed is failed below.
        }
        finally
        {
            var stopped = new LedgerUnavailableException("The ledger stopped before this was committed.");
            foreach (var item in items)
            {
                Fail(item, stopped);
            }

            while (_commitQueue.Reader.TryRead(out var left))
            {
                Fail(left, stopped);
            }

            _marketOutcomes.Clear();
            _toSign.Writer.TryComplete();
            Volatile.Write(ref _committerEnded, 1);
        }
    }

    private void SignalCommitted()
    {
        TaskCompletionSource committed;
        lock (_stateLock)
        {
            committed = _committed;
            _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        committed.TrySetResult();
    }

    private static string? Replay(LedgerState state, StoredEntry entry)
    {
        try
        {
            state.Replay(entry.Index, SignedEnvelope.Parse(entry.Data), verifySignatures: false);
            return null;
        }
#pragma warning disable CA1031 // A damaged entry can fail any parser or rule; the caller reports which entry.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"entry {entry.Index}: {e.Message}";
        }
    }

    /// <summary>The latest stored checkpoint, once its note verifies with the grid authority's key; null when none was signed yet.</summary>
    private static async Task<Checkpoint?> LatestSignedCheckpointAsync(ILedgerStore store, Ed25519PrivateKey gridAuthority, CancellationToken cancellationToken)
    {
        var latest = await store.LatestCheckpointAsync(cancellationToken);
        var origin = store.GetMeta(LedgerDataDirectory.OriginMetaKey);
        if (latest is null || origin is null)
        {
            return null;
        }

        Checkpoint signed;
        try
        {
            signed = new CheckpointVerifier(origin, NoteVerifier.Create(origin, gridAuthority.PublicKey)).Verify(latest.Note);
        }
        catch (Exception e) when (e is NoteFormatException or NoteSignatureException or UnknownNoteKeyException or CheckpointOriginMismatchException or FormatException)
        {
            throw new LedgerIntegrityException($"The latest stored checkpoint (size {latest.Size}) is not one this grid authority signed for {origin}: {e.Message}", e);
        }

        if (signed.Size != latest.Size || signed.RootHash != latest.Root)
        {
            throw new LedgerIntegrityException($"The latest stored checkpoint says size {latest.Size} root {latest.Root.ToBase64()}, but its signed note says size {signed.Size} root {signed.RootHash.ToBase64()}.");
        }

        return signed;
    }

    private static void Fail(WorkItem item, Exception error)
    {
        switch (item)
        {
            case RegistryWork registry:
                registry.Appended.TrySetException(error);
                break;
            case MarketWork market:
                market.Done.TrySetException(error);
                break;
            case MarketDueWork due:
                due.Done.TrySetException(error);
                break;
            default:
                // A readings message: no receipt, so its agent sends it again.
                break;
        }
    }

    /// <summary>Refuses a write while the store fails, whether or not this one would still fit (a full disk may
    /// have a free page left): the server says it is not taking writes, and means it.</summary>
    /// <exception cref="LedgerUnavailableException">The store is failing.</exception>
    public void ThrowIfStoreFailing()
    {
        if (StoreFault is { } fault)
        {
            throw new LedgerUnavailableException($"The store is failing ({fault.Cause}) since {fault.Since:O}; nothing is committed until it recovers: {fault.Message}");
        }
    }

    /// <summary>Queues a transaction the caller waits for; refused at once while the store fails or the ledger stops.</summary>
    private async ValueTask EnqueueAsync(WorkItem work, CancellationToken cancellationToken)
    {
        ThrowIfStoreFailing();

        try
        {
            await _commitQueue.Writer.WriteAsync(work, cancellationToken);
        }
        catch (ChannelClosedException e)
        {
            throw new LedgerUnavailableException("The ledger is stopping.", e);
        }
    }

    private TimeSpan RetryDelay(int failed)
    {
        var delay = _options.StoreRetryMinDelay * Math.Pow(2, Math.Min(failed - 1, 30));
        return delay < _options.StoreRetryMaxDelay ? delay : _options.StoreRetryMaxDelay;
    }

    /// <summary>
    /// Commits the batch, retrying the same batch until the store takes it. Returns how long the successful
    /// commit took, or null when the ledger stopped first. An empty batch (nothing due, duplicates only) needs
    /// no commit at all.
    /// </summary>
    private async Task<TimeSpan?> CommitDurablyAsync(LedgerBatch batch)
    {
        if (batch.IsEmpty)
        {
            return TimeSpan.Zero;
        }

        var durableSize = Head.Size;
        var failed = 0;
        var rolledBack = false;
        var since = default(DateTimeOffset);
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await _store.CommitAsync(batch);
                var took = Stopwatch.GetElapsedTime(started);
                if (failed > 0)
                {
                    await RecoverAsync(batch, rolledBack, failed);
                }

                return took;
            }
#pragma warning disable CA1031 // Whatever the store throws, nothing is acknowledged and the same batch is tried again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failed++;
                since = failed == 1 ? _time.GetUtcNow() : since;
                var cause = e is StoreWriteException write ? write.Cause : StoreFaultCauses.Other;
                Metrics.StoreFaulted(cause);
                Metrics.IngestPaused(cause);
                rolledBack = rolledBack || await TryRollBackAsync(durableSize);
                var delay = RetryDelay(failed);

                // The timer starts before anyone hears of the fault, so a clock advanced on the event fires it.
                var retry = Task.Delay(delay, _time, _stop.Token);
                var fault = new StoreFault(cause, e.Message, since, failed, delay);
                Volatile.Write(ref _fault, fault);
                StoreFailed?.Invoke(this, fault);
                try
                {
                    await retry;
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
            }
        }
    }

    /// <summary>Puts the state back to the durable log (entries [0, size)), so that nothing reads what may never be committed.</summary>
    private async Task<bool> TryRollBackAsync(long size)
    {
        try
        {
            var (state, frontier) = await RebuildAsync(_store, GridAuthorityDid, size, null);
            lock (_stateLock)
            {
                _state = state;
                _frontier = frontier;
            }

            return true;
        }
#pragma warning disable CA1031 // The store may not even be readable now: the batch is retried all the same, the rollback on the next failure.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    /// <summary>The batch is durable at last: advance the rolled-back state by its entries, as a restart would.</summary>
    private async Task RecoverAsync(LedgerBatch batch, bool rolledBack, int failed)
    {
        if (rolledBack)
        {
            string? error = null;
            lock (_stateLock)
            {
                foreach (var entry in batch.Entries)
                {
                    error ??= Replay(_state, entry);
                    _frontier.Append(entry.LeafHash);
                }
            }

            if (error is not null)
            {
                // Cannot happen for entries built on this very state; if it does, the log decides.
                var (state, frontier) = await RebuildAsync(_store, GridAuthorityDid);
                lock (_stateLock)
                {
                    _state = state;
                    _frontier = frontier;
                }
            }
        }

        var fault = Volatile.Read(ref _fault)!;
        Volatile.Write(ref _fault, null);
        Metrics.IngestPaused(null);
        StoreRecovered?.Invoke(this, fault with { FailedAttempts = failed, RetryIn = TimeSpan.Zero });
    }
}
