using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dream.Market.Contracts;
using Dream.Market.Transactions;

namespace Dream.Market.State;

/// <summary>
/// The market's state: a deterministic replay of the accepted market transactions. Only
/// <see cref="Rules.MarketRules"/> changes it, and only after the transaction validated.
/// Not thread-safe: it has one writer, the ledger's committer (<c>LedgerEngine</c>), which applies every
/// transaction in log order.
/// </summary>
public sealed class MarketState
{
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Promise> _promises = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Auction> _auctions = new(StringComparer.Ordinal);
    private readonly List<TariffPayload> _tariffs = [];
    private readonly Dictionary<(ContractKind Kind, long Version), ContractTemplatePayload> _templates = [];
    private readonly HashSet<string> _references = new(StringComparer.Ordinal);
    private readonly HashSet<string> _applied = new(StringComparer.Ordinal);

    // Open promises per metering point and window: windows on one point are equal or disjoint.
    private readonly Dictionary<string, Dictionary<(long Start, long End), int>> _openWindows = new(StringComparer.Ordinal);

    // Energy already attributed to checked promises per metering point and window, so that two promises
    // on the same window never count the same Wh twice.
    private readonly Dictionary<(string Passport, long Start, long End), long> _attributedWh = [];

    /// <summary>The market's ISO 4217 currency, set by the first tariff.</summary>
    public string? Currency => _tariffs.Count == 0 ? null : _tariffs[0].Currency;

    public TariffPayload? CurrentTariff => _tariffs.Count == 0 ? null : _tariffs[^1];

    public long AppliedCount => _applied.Count;

    /// <summary>What the grid authority kept as grid fees (minor units).</summary>
    public long FeesCollected { get; internal set; }

    public long TotalCredited { get; internal set; }

    public long TotalDebited { get; internal set; }

    public IReadOnlyCollection<Account> Accounts => _accounts.Values;

    public IReadOnlyCollection<Promise> Promises => _promises.Values;

    public IReadOnlyCollection<Auction> Auctions => _auctions.Values;

    /// <summary>Sum of all escrowed penalty deposits.</summary>
    public long EscrowTotal => _accounts.Values.Sum(a => a.Escrowed);

    public TariffPayload? Tariff(long version) => version >= 1 && version <= _tariffs.Count ? _tariffs[(int)(version - 1)] : null;

    public ContractTemplatePayload? Template(ContractKind kind, long version) => _templates.GetValueOrDefault((kind, version));

    public long LatestTemplateVersion(ContractKind kind) => _templates.Keys.Where(k => k.Kind == kind).Select(k => k.Version).DefaultIfEmpty(0).Max();

    public Promise? FindPromise(string id) => _promises.GetValueOrDefault(id);

    public Auction? FindAuction(string id) => _auctions.GetValueOrDefault(id);

    public bool HasApplied(string transactionId) => _applied.Contains(transactionId);

    public bool IsReferenceUsed(string reference) => _references.Contains(reference);

    /// <summary>The participant's account; an empty one if it never held money.</summary>
    public Account AccountOf(string did) => _accounts.GetValueOrDefault(did) ?? new Account(did);

    /// <summary>
    /// SHA-256 over a canonical dump of everything the state holds, sorted: two replays of the same entries
    /// give the same hash, and an auditor compares it with the ledger's.
    /// </summary>
    public string ComputeHash()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"fees {FeesCollected} credited {TotalCredited} debited {TotalDebited}\n");
        foreach (var tariff in _tariffs)
        {
            text.Append(c, $"tariff {Convert.ToHexStringLower(tariff.ToPayload())}\n");
        }

        foreach (var (key, template) in _templates.OrderBy(t => t.Key.Kind).ThenBy(t => t.Key.Version))
        {
            text.Append(c, $"template {key.Kind} {key.Version} {Convert.ToHexStringLower(SHA256.HashData(template.ToPayload()))}\n");
        }

        foreach (var account in _accounts.Values.OrderBy(a => a.Did, StringComparer.Ordinal))
        {
            text.Append(c, $"account {account.Did} {account.Available} {account.Held} {account.Escrowed}\n");
        }

        foreach (var p in _promises.Values.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            text.Append(c, $"promise {p.Id} {p.Supplier} {p.Passport} {p.Owner} {p.AmountWh} {p.StartMs} {p.EndMs} {p.TariffVersion} {p.Deposit} {p.Fee} {string.Join(',', p.Contracts)} {p.Status} {p.AuctionId} {p.Outcome} {p.DeliveredWh} {p.RefundedToSupplier} {p.PaidToPowerCompany}\n");
        }

        foreach (var a in _auctions.Values.OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            text.Append(c, $"auction {a.Id} {a.PromiseId} {a.Seller} {a.BasePrice} {a.DeadlineMs} {a.Contract} {a.Status} {a.BestBidder} {a.BestBid} {a.BidCount}\n");
        }

        foreach (var (key, wh) in _attributedWh.OrderBy(k => k.Key.Passport, StringComparer.Ordinal).ThenBy(k => k.Key.Start).ThenBy(k => k.Key.End))
        {
            text.Append(c, $"attributed {key.Passport} {key.Start} {key.End} {wh}\n");
        }

        foreach (var reference in _references.Order(StringComparer.Ordinal))
        {
            text.Append(c, $"reference {reference}\n");
        }

        foreach (var id in _applied.Order(StringComparer.Ordinal))
        {
            text.Append(c, $"applied {id}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    internal Account GetOrCreateAccount(string did)
    {
        if (!_accounts.TryGetValue(did, out var account))
        {
            account = new Account(did);
            _accounts.Add(did, account);
        }

        return account;
    }

    internal void AddTariff(TariffPayload tariff) => _tariffs.Add(tariff);

    internal void AddTemplate(ContractTemplatePayload template) => _templates.Add((template.Kind, template.Version), template);

    internal void UseReference(string reference) => _references.Add(reference);

    internal void MarkApplied(string transactionId) => _applied.Add(transactionId);

    internal void AddAuction(Auction auction) => _auctions.Add(auction.Id, auction);

    internal void AddPromise(Promise promise)
    {
        _promises.Add(promise.Id, promise);
        var windows = _openWindows.TryGetValue(promise.Passport, out var found) ? found : _openWindows[promise.Passport] = [];
        windows[(promise.StartMs, promise.EndMs)] = windows.GetValueOrDefault((promise.StartMs, promise.EndMs)) + 1;
    }

    /// <summary>Marks an open promise closed and forgets its window if it was the last one on it.</summary>
    internal void Close(Promise promise, PromiseStatus status)
    {
        promise.Status = status;
        var windows = _openWindows[promise.Passport];
        var key = (promise.StartMs, promise.EndMs);
        if (--windows[key] == 0)
        {
            windows.Remove(key);
        }
    }

    /// <summary>True if an open promise on the metering point has a window that overlaps without being equal.</summary>
    internal bool OverlapsOtherWindow(string passport, long startMs, long endMs)
    {
        if (!_openWindows.TryGetValue(passport, out var windows))
        {
            return false;
        }

        foreach (var (start, end) in windows.Keys)
        {
            var equal = start == startMs && end == endMs;
            if (!equal && start < endMs && startMs < end)
            {
                return true;
            }
        }

        return false;
    }

    internal long AttributedWh(string passport, long startMs, long endMs) => _attributedWh.GetValueOrDefault((passport, startMs, endMs));

    internal void Attribute(string passport, long startMs, long endMs, long wh) =>
        _attributedWh[(passport, startMs, endMs)] = AttributedWh(passport, startMs, endMs) + wh;
}
