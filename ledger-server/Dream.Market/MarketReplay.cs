using Dream.Market.Rules;
using Dream.Market.State;
using Dream.Market.Transactions;

namespace Dream.Market;

/// <summary>Rebuilds the state from logged envelopes, validating each again: what an auditor and a restarted ledger do.</summary>
public static class MarketReplay
{
    /// <summary>Applies <paramref name="entries"/> in order to <paramref name="state"/>; a logged entry that fails its rules is an error.</summary>
    public static MarketState Replay(MarketState state, IEnumerable<ReadOnlyMemory<byte>> entries, MarketContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(entries);
        var index = 0;
        foreach (var entry in entries)
        {
            var transaction = MarketTransaction.Parse(entry);
            var violation = MarketRules.TryApply(state, transaction, context);
            if (violation is not null)
            {
                throw new MarketException(violation.Error, $"Logged market entry {index} ({transaction.Id}) does not replay: {violation.Message}");
            }

            index++;
        }

        return state;
    }
}
