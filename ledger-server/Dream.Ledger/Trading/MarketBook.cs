using Dream.Market.Transactions;

namespace Dream.Ledger.Trading;

/// <summary>
/// What the market's HTTP queries show besides <see cref="Dream.Market.State.MarketState"/>: the bids of
/// each auction, the settlements, the delivery checks, and the transactions that created promises and auctions
/// (their contracts' parameters). Derived from the applied market entries in log order, like the state.
/// </summary>
public sealed class MarketBook
{
    private readonly Dictionary<string, List<BidRecord>> _bids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CreationRecord> _creations = new(StringComparer.Ordinal);
    private readonly List<SettlementRecord> _settlements = [];
    private readonly Dictionary<string, DeliveryCheckRecord> _checks = new(StringComparer.Ordinal);

    public IReadOnlyList<SettlementRecord> Settlements => _settlements;

    public IReadOnlyList<BidRecord> BidsOf(string auction) => _bids.TryGetValue(auction, out var bids) ? bids : [];

    public CreationRecord? Creation(string id) => _creations.GetValueOrDefault(id);

    /// <summary>The delivery check of a promise, once logged.</summary>
    public DeliveryCheckRecord? DeliveryCheck(string promise) => _checks.GetValueOrDefault(promise);

    /// <summary>Records an applied transaction logged at <paramref name="index"/>.</summary>
    public void Record(MarketTransaction transaction, long index)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        switch (transaction.Payload)
        {
            case PromiseCreatePayload or AuctionCreatePayload:
                _creations[transaction.Id] = new CreationRecord(transaction, index);
                break;
            case BidPayload bid:
                if (!_bids.TryGetValue(bid.Auction, out var list))
                {
                    list = [];
                    _bids[bid.Auction] = list;
                }

                list.Add(new BidRecord(bid.Auction, bid.Bidder, bid.Amount, bid.AtMs, index));
                break;
            case SettlePayload settle:
                _settlements.Add(new SettlementRecord(settle.Auction, settle.Promise, settle.Buyer, settle.Seller, settle.Price, settle.AtMs, index, transaction.Signers.Count == 3));
                break;
            case DeliveryCheckPayload check:
                _checks[check.Promise] = new DeliveryCheckRecord(check.Promise, check.MeasuredWh, check.Complete, check.AtMs, index);
                break;
        }
    }
}
