using Dream.Market.Transactions;

namespace Dream.Market;

/// <summary>What happened to a submitted transaction: applied, or refused with the broken rule.</summary>
public sealed record MarketResult(MarketTransaction? Transaction, MarketViolation? Violation)
{
    public bool Accepted => Violation is null;

    public static MarketResult Refused(MarketViolation violation) => new(null, violation);
}
