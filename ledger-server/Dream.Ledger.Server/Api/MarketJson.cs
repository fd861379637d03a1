using Dream.Ledger.State;
using Dream.Ledger.Trading;
using Dream.Market;
using Dream.Market.Contracts;
using Dream.Market.State;
using Dream.Market.Transactions;

namespace Dream.Ledger.Server.Api;

/// <summary>The JSON shapes of the market's queries (docs/market.md, "HTTP API").</summary>
internal static class MarketJson
{
    public static object Promise(LedgerState state, Promise p) => new
    {
        id = p.Id,
        supplier = p.Supplier,
        passport = p.Passport,
        owner = p.Owner,
        amountWh = p.AmountWh,
        start = p.StartMs,
        end = p.EndMs,
        tariffVersion = p.TariffVersion,
        deposit = p.Deposit,
        fee = p.Fee,
        contracts = p.Contracts,
        status = Lower(p.Status.ToString()),
        auction = p.AuctionId,
        outcome = p.Outcome == DeliveryOutcome.None ? null : Lower(p.Outcome.ToString()),
        deliveredWh = p.DeliveredWh,
        refundedToSupplier = p.RefundedToSupplier,
        paidToPowerCompany = p.PaidToPowerCompany,
        logIndex = state.MarketBook.Creation(p.Id)?.LogIndex,
    };

    public static object Auction(LedgerState state, Auction a, bool withBids) => new
    {
        id = a.Id,
        promise = a.PromiseId,
        seller = a.Seller,
        basePrice = a.BasePrice,
        deadline = a.DeadlineMs,
        contract = a.Contract,
        status = Lower(a.Status.ToString()),
        bestBidder = a.BestBidder,
        bestBid = a.BestBidder is null ? (long?)null : a.BestBid,
        bidCount = a.BidCount,
        logIndex = state.MarketBook.Creation(a.Id)?.LogIndex,
        bids = withBids ? state.MarketBook.BidsOf(a.Id).Select(b => new { bidder = b.Bidder, amount = b.Amount, at = b.AtMs, logIndex = b.LogIndex }).ToList() : null,
    };

    public static object Account(MarketState market, string did)
    {
        var account = market.AccountOf(did);
        return new { did, available = account.Available, held = account.Held, escrowed = account.Escrowed, currency = market.Currency };
    }

    public static object Settlement(SettlementRecord s) => new
    {
        auction = s.Auction,
        promise = s.Promise,
        buyer = s.Buyer,
        seller = s.Seller,
        price = s.Price,
        at = s.AtMs,
        logIndex = s.LogIndex,
        signedBy = s.ByWinner ? "buyer+seller+grid-authority" : "grid-authority",
    };

    public static object Tariff(TariffPayload t) => new
    {
        version = t.Version,
        currency = t.Currency,
        penaltyPerKwh = t.PenaltyPerKwh,
        gridFeePerKwh = t.GridFeePerKwh,
        minWh = t.MinWh,
        maxWh = t.MaxWh,
        graceMs = t.GraceMs,
        at = t.AtMs,
        payload = Convert.ToBase64String(t.ToPayload()),
    };

    public static object Template(ContractTemplatePayload t) => new
    {
        kind = ContractKinds.Name(t.Kind),
        version = t.Version,
        text = t.Text,
        at = t.AtMs,
    };

    /// <summary>The contract of a promise or an auction: the text, its hash, and everything needed to re-render it.</summary>
    public static object? Contract(LedgerState state, string id)
    {
        var market = state.Market;
        var creation = state.MarketBook.Creation(id);
        switch (creation?.Transaction.Payload)
        {
            case PromiseCreatePayload p:
                {
                    var tariff = market.Tariff(p.Tariff)!;
                    var template = market.Template(ContractKind.Promise, p.Template)!;
                    var text = ContractRenderer.RenderPromise(template.Text, p, tariff);
                    return Describe(id, "promise", text, p.Contract, template, creation, tariff);
                }

            case AuctionCreatePayload a:
                {
                    var template = market.Template(ContractKind.Auction, a.Template)!;
                    var text = ContractRenderer.RenderAuction(template.Text, a, market.Currency!);
                    return Describe(id, "auction", text, a.Contract, template, creation, market.CurrentTariff);
                }

            default:
                return null;
        }
    }

    private static object Describe(string id, string kind, string text, string signedHash, ContractTemplatePayload template, CreationRecord creation, TariffPayload? tariff) => new
    {
        id,
        kind,
        text,
        hash = ContractRenderer.Hash(text),
        signedHash,
        templateVersion = template.Version,
        template = template.Text,
        tariff = tariff is null ? null : Convert.ToBase64String(tariff.ToPayload()),
        transaction = Convert.ToBase64String(creation.Transaction.ToBytes()),
        logIndex = creation.LogIndex,
    };

    public static int StatusOf(MarketError error) => error switch
    {
        MarketError.NotEnvelope or MarketError.BadEncoding or MarketError.UnknownType or MarketError.MissingField or MarketError.ExtraField
            or MarketError.WrongType or MarketError.InvalidValue or MarketError.NotCanonical or MarketError.Oversize or MarketError.BadSignature
            or MarketError.SignerMismatch or MarketError.StaleTimestamp => 400,
        _ => 409,
    };

    private static string Lower(string name) => string.Concat(name[..1].ToLowerInvariant(), name[1..]);
}
