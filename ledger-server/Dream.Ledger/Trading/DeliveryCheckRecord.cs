namespace Dream.Ledger.Trading;

/// <summary>One logged delivery check: what the readings logged before <see cref="LogIndex"/> showed.</summary>
public sealed record DeliveryCheckRecord(string Promise, long MeasuredWh, bool Complete, long AtMs, long LogIndex);
