using Dream.Ledger.State;

namespace Dream.Ledger.Audit;

/// <summary>
/// What an audit checks of the market beyond each entry's rules: money is conserved. Every minor unit the
/// grid authority credited and did not debit is in an account (available, held or escrowed) or in the fees.
/// </summary>
public static class MarketAudit
{
    public static IEnumerable<string> Problems(LedgerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var market = state.Market;
        var inAccounts = market.Accounts.Sum(a => a.Available + a.Held + a.Escrowed);
        if (inAccounts + market.FeesCollected != market.TotalCredited - market.TotalDebited)
        {
            yield return $"Market money is not conserved: accounts {inAccounts} + fees {market.FeesCollected} != credited {market.TotalCredited} - debited {market.TotalDebited}.";
        }

        foreach (var account in market.Accounts.Where(a => a.Available < 0 || a.Held < 0 || a.Escrowed < 0))
        {
            yield return $"Market account {account.Did} is negative: available {account.Available}, held {account.Held}, escrowed {account.Escrowed}.";
        }
    }
}
