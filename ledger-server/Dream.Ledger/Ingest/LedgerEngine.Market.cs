using Dream.Ledger.Log;
using Dream.Ledger.Storage;
using Dream.Ledger.Trading;
using Dream.Market;
using Dream.Market.Rules;
using Dream.Market.Scheduling;
using Dream.Market.Transactions;

namespace Dream.Ledger.Ingest;

/// <summary>
/// Market transactions go through the ledger's one committer, like registry transactions: validated against
/// <see cref="State.LedgerState.Market"/> in log order with <see cref="MarketRules"/>, appended to the batch
/// (exact envelope bytes), applied, and acknowledged only after the batch's fsync. Group commit keeps many
/// transactions per fsync; a failed commit rebuilds the state, market included, from the store.
/// </summary>
public sealed partial class LedgerEngine
{
    private readonly List<(WorkItem Work, MarketAppendResult? Result)> _marketOutcomes = [];

    /// <summary>How far a participant's signed time may be from the ledger's clock on admission.</summary>
    public TimeSpan MarketClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Submits a participant's transaction; returns once it is durable, or refused with the rule it broke.</summary>
    public async Task<MarketAppendResult> SubmitMarketAsync(MarketTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var fresh = MarketRules.CheckFreshness(transaction, _time.GetUtcNow().ToUnixTimeMilliseconds(), (long)MarketClockSkew.TotalMilliseconds);
        if (fresh is not null)
        {
            return new MarketAppendResult(transaction, -1, fresh);
        }

        var work = new MarketWork(transaction);
        await EnqueueAsync(work, cancellationToken);
        return await work.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// One scheduler pass: ends, settles and checks whatever is due at <paramref name="nowMs"/>; returns what was
    /// logged. When nothing is due (or the store is failing) the committer is not even asked: an idle ledger
    /// commits nothing.
    /// </summary>
    public async Task<IReadOnlyList<MarketAppendResult>> RunMarketDueAsync(long nowMs, CancellationToken cancellationToken = default)
    {
        if (StoreFault is not null || ReadState(state => MarketScheduler.Due(state.Market, nowMs).Count == 0))
        {
            return [];
        }

        var work = new MarketDueWork(nowMs);
        await EnqueueAsync(work, cancellationToken);
        return await work.Done.Task.WaitAsync(cancellationToken);
    }

    private void ApplyMarket(WorkItem item, LedgerBatch batch)
    {
        if (item is MarketWork work)
        {
            _marketOutcomes.Add((work, ValidateAppendApply(work.Transaction, batch)));
            return;
        }

        var due = (MarketDueWork)item;
        var market = _state.Market;
        var failed = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var progressed = false;
            foreach (var action in MarketScheduler.Due(market, due.NowMs))
            {
                if (failed.Contains(action.TargetId))
                {
                    continue;
                }

                var context = MarketEntries.ContextAt(_state, new StoreReadingSource(_store, batch), _frontier.Size);
                MarketTransaction transaction;
                try
                {
                    transaction = MarketScheduler.CreateTransaction(action, market, context, _gridAuthority, due.NowMs);
                }
                catch (MarketException)
                {
                    // E.g. readings whose export exceeds 64 bits: the check cannot be stated; retried on the next tick.
                    failed.Add(action.TargetId);
                    continue;
                }

                var result = ValidateAppendApply(transaction, batch);
                if (result.Accepted)
                {
                    due.Applied.Add((transaction, result.LogIndex));
                    progressed = true;
                }
                else
                {
                    // Retried on the next tick; never loop on it now.
                    failed.Add(action.TargetId);
                }
            }

            // An end makes a settlement due, a settlement a delivery check: go on until quiet.
            if (!progressed)
            {
                break;
            }
        }

        _marketOutcomes.Add((due, null));
    }

    private MarketAppendResult ValidateAppendApply(MarketTransaction transaction, LedgerBatch batch)
    {
        var index = _frontier.Size;
        var context = MarketEntries.ContextAt(_state, new StoreReadingSource(_store, batch), index);
        var violation = MarketRules.Validate(_state.Market, transaction, context);
        if (violation is not null)
        {
            return new MarketAppendResult(transaction, -1, violation);
        }

        Append(batch, EntryKind.Market, transaction.ToBytes(), null, 0);
        MarketRules.Apply(_state.Market, transaction);
        _state.MarketBook.Record(transaction, index);
        return new MarketAppendResult(transaction, index, null);
    }

    private void CompleteMarket()
    {
        foreach (var (work, result) in _marketOutcomes)
        {
            if (work is MarketWork market)
            {
                market.Done.TrySetResult(result!);
            }
            else
            {
                var due = (MarketDueWork)work;
                due.Done.TrySetResult(due.Applied.Select(a => new MarketAppendResult(a.Transaction, a.Index, null)).ToList());
            }
        }

        _marketOutcomes.Clear();
    }
}
