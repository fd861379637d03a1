using Dream.Ledger.State;
using Dream.Market;
using Dream.Market.Rules;
using Dream.Market.Transactions;

namespace Dream.Ledger.Trading;

/// <summary>
/// Market entries of the one log: the context a market transaction is validated in (the registry and the
/// readings as of its log position), and its replay, with the same rules as admission.
/// </summary>
public static class MarketEntries
{
    public static MarketContext ContextAt(LedgerState state, IReadingSource readings, long position)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new MarketContext(new LedgerRegistryView(state), new LedgerMeteringView(state, readings, position));
    }

    /// <summary>Replays logged market entry <paramref name="index"/>: signatures and every rule again; a breach is a <see cref="LedgerRuleException"/>.</summary>
    public static void Replay(LedgerState state, long index, SignedEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(envelope);
        var readings = state.MarketReadings ?? throw new InvalidOperationException("Replaying a market entry needs LedgerState.MarketReadings.");
        MarketTransaction transaction;
        try
        {
            transaction = MarketTransaction.Parse(envelope.ToBytes());
        }
        catch (MarketException e)
        {
            throw new LedgerRuleException($"Entry {index} is not a valid market transaction: {e.Error}: {e.Message}");
        }

        var violation = MarketRules.TryApply(state.Market, transaction, ContextAt(state, readings, index));
        if (violation is not null)
        {
            throw new LedgerRuleException($"Entry {index} (market transaction {transaction.Id}) could not have been accepted: {violation.Error}: {violation.Message}");
        }

        state.MarketBook.Record(transaction, index);
    }
}
