using System.Globalization;
using Dream.Ledger.State;
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
        await output.WriteLineAsync(string.Create(c, $"money:        credited {market.TotalCredited}, debited {market.TotalDebited}, fees {market.FeesCollected}, escrow {market.EscrowTotal} {market.Currency}"));
        await output.WriteLineAsync($"market state: {market.ComputeHash()}");
        foreach (var account in market.Accounts.OrderBy(a => a.Did, StringComparer.Ordinal))
        {
            await output.WriteLineAsync(string.Create(c, $"balance:      {account.Did} available {account.Available} held {account.Held} escrowed {account.Escrowed}"));
        }
    }
}
