namespace Dream.Ledger;

/// <summary>Tuning of the ledger engine; the defaults suit a small server.</summary>
public sealed class LedgerOptions
{
    /// <summary>How far in the future an interval may end (device clocks drift).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Signature verification workers; 0 = one per core.</summary>
    public int VerifyWorkers { get; set; }

    /// <summary>The default of <see cref="MaxBatchMessages"/>, also the server configuration's.</summary>
    public const int DefaultMaxBatchMessages = 2000;

    /// <summary>At most this many messages per commit (one SQLite transaction, one fsync).</summary>
    public int MaxBatchMessages { get; set; } = DefaultMaxBatchMessages;

    /// <summary>Messages waiting for verification before the MQTT reader is held back.</summary>
    public int QueueCapacity { get; set; } = 5_000;

    public QuarantineOptions Quarantine { get; set; } = new();

    /// <summary>The first retry of a failed commit comes after this; each further failure doubles the wait.</summary>
    public TimeSpan StoreRetryMinDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two attempts to commit a batch the store refused (e.g. disk full).</summary>
    public TimeSpan StoreRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>At shutdown, how long (wall time) the committer may go on committing what is queued.</summary>
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
