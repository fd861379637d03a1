using System.Globalization;
using Dream.Ledger.State;
using Dream.Market.Money;
using Dream.Market.State;

namespace Dream.Ledger.Server.Cli;

/// <summary>The market part of <c>dream-ledger verify</c>'s summary: every balance as recomputed from the log.</summary>
public static class MarketSummary
{
    public static async Task WriteAsync(LedgerState state, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(output);
        var market = state.Market;
        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(c, $"market:       {market.AppliedCount} transactions, {market.Promises.Count} promises ({market.Promises.Count(p => p.Status == PromiseStatus.Checked)} checked), {market.Auctions.Count} auctions, {state.MarketBook.Settlements.Count} settlements"));
        await output.WriteLineAsync($"money:        credited {Amount(market, market.TotalCredited)}, debited {Amount(market, market.TotalDebited)}, fees {Amount(market, market.FeesCollected)}, escrow {Amount(market, market.EscrowTotal)}");
        await output.WriteLineAsync($"market state: {market.ComputeHash()}");
        foreach (var account in market.Accounts.OrderBy(a => a.Did, StringComparer.Ordinal))
        {
            await output.WriteLineAsync($"balance:      {account.Did} available {Amount(market, account.Available)} held {Amount(market, account.Held)} escrowed {Amount(market, account.Escrowed)}");
        }
    }

    private static string Amount(MarketState market, long minor) => MoneyText.Describe(minor, market.Currency);
}
