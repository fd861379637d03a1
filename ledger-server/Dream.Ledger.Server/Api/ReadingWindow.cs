namespace Dream.Ledger.Server.Api;

/// <summary>A time span of a device's readings a counterparty may read: a promise's delivery window plus its grace period.</summary>
public readonly record struct ReadingWindow(string Promise, long FromMs, long ToMs)
{
    public bool Contains(long startMs, long endMs) => startMs >= FromMs && endMs <= ToMs;
}
