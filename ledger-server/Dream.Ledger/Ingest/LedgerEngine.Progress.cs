namespace Dream.Ledger.Ingest;

/// <summary>The committer's progress, read by the service's watchdog (it is fed only while the committer moves).</summary>
public sealed partial class LedgerEngine
{
    private long _rounds;
    private int _holding;
    private int _committerEnded;

    /// <summary>A snapshot of the committer's progress; cheap, for a periodic check.</summary>
    public CommitterProgress CommitterProgress => new(
        Interlocked.Read(ref _rounds),
        Volatile.Read(ref _holding) != 0 || _commitQueue.Reader.Count > 0,
        Volatile.Read(ref _committerEnded) == 0);

    private void BeginRound() => Volatile.Write(ref _holding, 1);

    private void EndRound()
    {
        Interlocked.Increment(ref _rounds);
        Volatile.Write(ref _holding, 0);
    }
}
