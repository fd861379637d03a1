namespace Dream.Ledger.Ingest;

/// <summary>
/// What a watchdog needs to tell a working committer from a stuck one: <see cref="Rounds"/> grows after every
/// batch it finishes, <see cref="HasWork"/> says it holds or has queued work (false: idle, nothing to wait for),
/// <see cref="Running"/> that its loop has not ended.
/// </summary>
public readonly record struct CommitterProgress(long Rounds, bool HasWork, bool Running);
