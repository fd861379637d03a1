namespace Dream.Market;

/// <summary>
/// What validation reads besides the market state: the registry and the readings, both as of the log
/// position of the transaction. Time is never read from a clock: it is the transaction's signed <c>at</c>.
/// </summary>
public sealed record MarketContext(IRegistryView Registry, IMeteringView Metering);
