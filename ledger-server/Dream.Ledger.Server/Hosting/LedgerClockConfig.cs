namespace Dream.Ledger.Server.Hosting;

/// <summary>
/// Demos and tests only: the ledger's clock runs <see cref="Speed"/> times faster since <see cref="EpochMs"/>
/// (Unix ms, the instant where simulated and real time coincide), the same timeline as the agent's
/// <c>testing.clockSpeed</c>/<c>testing.clockEpochMs</c>, so every process of a simulated grid shares one clock.
/// </summary>
public sealed class LedgerClockConfig
{
    public double Speed { get; set; } = 1;

    public long EpochMs { get; set; }
}
