using Dream.Crypto;
using Dream.Market.Rules;
using Dream.Market.Scheduling;
using Dream.Market.State;
using Dream.Market.Transactions;

namespace Dream.Market;

/// <summary>
/// The single writer around <see cref="MarketState"/>: parsing and signature checks run on the callers'
/// threads, in parallel; validation, the commit (the ledger appends the envelope to its log and fsyncs)
/// and apply run one transaction at a time, so concurrent submissions see one consistent order.
/// </summary>
public sealed class MarketEngine : IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly MarketState _state;
    private readonly MarketContext _context;
    private readonly Func<MarketTransaction, CancellationToken, ValueTask>? _commit;

    /// <param name="commit">
    /// Called with each valid transaction before it is applied; if it throws, nothing is applied. The ledger
    /// appends <see cref="MarketTransaction.ToBytes"/> to its log here.
    /// </param>
    public MarketEngine(MarketState state, MarketContext context, Func<MarketTransaction, CancellationToken, ValueTask>? commit = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(context);
        _state = state;
        _context = context;
        _commit = commit;
    }

    /// <summary>Parses, verifies, validates, commits and applies the bytes of one envelope.</summary>
    public Task<MarketResult> SubmitAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        MarketTransaction transaction;
        try
        {
            transaction = MarketTransaction.Parse(message);
        }
        catch (MarketException e)
        {
            return Task.FromResult(MarketResult.Refused(e.ToViolation()));
        }

        return SubmitAsync(transaction, cancellationToken);
    }

    public async Task<MarketResult> SubmitAsync(MarketTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ValidateCommitApplyAsync(transaction, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Reads the state under the writer's lock (the state is not thread-safe).</summary>
    public async Task<T> ReadAsync<T>(Func<MarketState, T> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return read(_state);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// One pass of the scheduler loop at <paramref name="nowMs"/>: makes and submits the grid authority's
    /// transaction for every due action, until nothing is due. Returns the transactions applied.
    /// </summary>
    public async Task<IReadOnlyList<MarketTransaction>> RunDueAsync(long nowMs, Ed25519PrivateKey gridAuthority, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gridAuthority);
        var applied = new List<MarketTransaction>();
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var progressed = false;
                foreach (var action in MarketScheduler.Due(_state, nowMs))
                {
                    var transaction = MarketScheduler.CreateTransaction(action, _state, _context, gridAuthority, nowMs);
                    var result = await ValidateCommitApplyAsync(transaction, cancellationToken).ConfigureAwait(false);
                    if (result.Accepted)
                    {
                        applied.Add(transaction);
                        progressed = true;
                    }
                }

                // An end makes a settlement due, a settlement makes a check due: loop until quiet.
                if (!progressed)
                {
                    return applied;
                }
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    public void Dispose() => _writer.Dispose();

    private async Task<MarketResult> ValidateCommitApplyAsync(MarketTransaction transaction, CancellationToken cancellationToken)
    {
        var violation = MarketRules.Validate(_state, transaction, _context);
        if (violation is not null)
        {
            return MarketResult.Refused(violation);
        }

        if (_commit is not null)
        {
            await _commit(transaction, cancellationToken).ConfigureAwait(false);
        }

        MarketRules.Apply(_state, transaction);
        return new MarketResult(transaction, null);
    }
}
