using Dream.Ledger.State;
using Dream.Ledger.Trading;
using Dream.Market;
using Dream.Market.Contracts;
using Dream.Market.Money;
using Dream.Market.State;
using Dream.Market.Transactions;

namespace Dream.Ledger.Server.Api;

/// <summary>
/// The JSON shapes of the market's queries (docs/market.md, "HTTP API"). Every amount appears twice: as
/// <c>xMinor</c>, the integer minor units the log holds, and as <c>x</c>, the same amount in currency units
/// ("0.60 EUR", <see cref="MoneyText"/>) for people and the dashboard; each object with money names its
/// <c>currency</c>.
/// </summary>
internal static class MarketJson
{
    public static JsonObject Promise(LedgerState state, Promise p)
    {
        var currency = state.Market.Currency;
        return new JsonObject
        {
            ["id"] = p.Id,
            ["supplier"] = p.Supplier,
            ["passport"] = p.Passport,
            ["owner"] = p.Owner,
            ["amountWh"] = p.AmountWh,
            ["start"] = p.StartMs,
            ["end"] = p.EndMs,
            ["tariffVersion"] = p.TariffVersion,
            ["currency"] = currency,
            ["depositMinor"] = p.Deposit,
            ["deposit"] = Money(p.Deposit, currency),
            ["feeMinor"] = p.Fee,
            ["fee"] = Money(p.Fee, currency),
            ["contracts"] = ApiJson.Array(p.Contracts),
            ["status"] = Lower(p.Status.ToString()),
            ["auction"] = p.AuctionId,
            ["outcome"] = p.Outcome == DeliveryOutcome.None ? null : Lower(p.Outcome.ToString()),
            ["deliveredWh"] = p.DeliveredWh,
            ["refundedToSupplierMinor"] = p.RefundedToSupplier,
            ["refundedToSupplier"] = Money(p.RefundedToSupplier, currency),
            ["paidToPowerCompanyMinor"] = p.PaidToPowerCompany,
            ["paidToPowerCompany"] = Money(p.PaidToPowerCompany, currency),
            ["logIndex"] = state.MarketBook.Creation(p.Id)?.LogIndex,
        };
    }

    public static JsonObject Auction(LedgerState state, Auction a, bool withBids)
    {
        var currency = state.Market.Currency;
        return new JsonObject
        {
            ["id"] = a.Id,
            ["promise"] = a.PromiseId,
            ["seller"] = a.Seller,
            ["currency"] = currency,
            ["basePriceMinor"] = a.BasePrice,
            ["basePrice"] = Money(a.BasePrice, currency),
            ["deadline"] = a.DeadlineMs,
            ["contract"] = a.Contract,
            ["status"] = Lower(a.Status.ToString()),
            ["bestBidder"] = a.BestBidder,
            ["bestBidMinor"] = a.BestBidder is null ? (long?)null : a.BestBid,
            ["bestBid"] = a.BestBidder is null ? null : Money(a.BestBid, currency),
            ["bidCount"] = a.BidCount,
            ["logIndex"] = state.MarketBook.Creation(a.Id)?.LogIndex,
            ["bids"] = withBids
                ? ApiJson.Array(state.MarketBook.BidsOf(a.Id).Select(b => new JsonObject { ["bidder"] = b.Bidder, ["amountMinor"] = b.Amount, ["amount"] = Money(b.Amount, currency), ["at"] = b.AtMs, ["logIndex"] = b.LogIndex }))
                : null,
        };
    }

    public static JsonObject Account(MarketState market, string did)
    {
        var account = market.AccountOf(did);
        var currency = market.Currency;
        return new JsonObject
        {
            ["did"] = did,
            ["currency"] = currency,
            ["availableMinor"] = account.Available,
            ["heldMinor"] = account.Held,
            ["escrowedMinor"] = account.Escrowed,
            ["available"] = Money(account.Available, currency),
            ["held"] = Money(account.Held, currency),
            ["escrowed"] = Money(account.Escrowed, currency),
        };
    }

    public static JsonObject Settlement(SettlementRecord s, string? currency) => new JsonObject
    {
        ["auction"] = s.Auction,
        ["promise"] = s.Promise,
        ["buyer"] = s.Buyer,
        ["seller"] = s.Seller,
        ["currency"] = currency,
        ["priceMinor"] = s.Price,
        ["price"] = Money(s.Price, currency),
        ["at"] = s.AtMs,
        ["logIndex"] = s.LogIndex,
        ["signedBy"] = s.ByWinner ? "buyer+seller+grid-authority" : "grid-authority",
    };

    public static JsonObject Tariff(TariffPayload t) => new JsonObject
    {
        ["version"] = t.Version,
        ["currency"] = t.Currency,
        ["penaltyPerKwhMinor"] = t.PenaltyPerKwh,
        ["penaltyPerKwh"] = Money(t.PenaltyPerKwh, t.Currency),
        ["gridFeePerKwhMinor"] = t.GridFeePerKwh,
        ["gridFeePerKwh"] = Money(t.GridFeePerKwh, t.Currency),
        ["minWh"] = t.MinWh,
        ["maxWh"] = t.MaxWh,
        ["graceMs"] = t.GraceMs,
        ["at"] = t.AtMs,
        ["payload"] = Convert.ToBase64String(t.ToPayload()),
    };

    /// <summary>The market's money totals (<c>GET /api/v1/market/state</c>).</summary>
    public static JsonObject State(MarketState market)
    {
        var currency = market.Currency;
        return new JsonObject
        {
            ["stateHash"] = market.ComputeHash(),
            ["applied"] = market.AppliedCount,
            ["currency"] = currency,
            ["creditedMinor"] = market.TotalCredited,
            ["debitedMinor"] = market.TotalDebited,
            ["feesMinor"] = market.FeesCollected,
            ["escrowMinor"] = market.EscrowTotal,
            ["credited"] = Money(market.TotalCredited, currency),
            ["debited"] = Money(market.TotalDebited, currency),
            ["fees"] = Money(market.FeesCollected, currency),
            ["escrow"] = Money(market.EscrowTotal, currency),
        };
    }

    /// <summary>A template with its payload (base64 canonical bytes): its type says how its money renders.</summary>
    public static JsonObject Template(ContractTemplatePayload t) => new JsonObject
    {
        ["kind"] = ContractKinds.Name(t.Kind),
        ["version"] = t.Version,
        ["type"] = t.Type,
        ["text"] = t.Text,
        ["at"] = t.AtMs,
        ["payload"] = Convert.ToBase64String(t.ToPayload()),
    };

    /// <summary>The contract of a promise or an auction: the text, its hash, and everything needed to re-render it.</summary>
    public static JsonObject? Contract(LedgerState state, string id)
    {
        var market = state.Market;
        var creation = state.MarketBook.Creation(id);
        switch (creation?.Transaction.Payload)
        {
            case PromiseCreatePayload p:
                {
                    var tariff = market.Tariff(p.Tariff)!;
                    var template = market.Template(ContractKind.Promise, p.Template)!;
                    var text = ContractRenderer.RenderPromise(template, p, tariff);
                    return Describe(id, "promise", text, p.Contract, template, creation, tariff);
                }

            case AuctionCreatePayload a:
                {
                    var template = market.Template(ContractKind.Auction, a.Template)!;
                    var text = ContractRenderer.RenderAuction(template, a, market.Currency!);
                    return Describe(id, "auction", text, a.Contract, template, creation, market.CurrentTariff);
                }

            default:
                return null;
        }
    }

    private static JsonObject Describe(string id, string kind, string text, string signedHash, ContractTemplatePayload template, CreationRecord creation, TariffPayload? tariff) => new JsonObject
    {
        ["id"] = id,
        ["kind"] = kind,
        ["text"] = text,
        ["hash"] = ContractRenderer.Hash(text),
        ["signedHash"] = signedHash,
        ["templateVersion"] = template.Version,
        ["templateType"] = template.Type,
        ["template"] = template.Text,
        ["templatePayload"] = Convert.ToBase64String(template.ToPayload()),
        ["tariff"] = tariff is null ? null : Convert.ToBase64String(tariff.ToPayload()),
        ["transaction"] = Convert.ToBase64String(creation.Transaction.ToBytes()),
        ["logIndex"] = creation.LogIndex,
    };

    public static int StatusOf(MarketError error) => error switch
    {
        MarketError.NotEnvelope or MarketError.BadEncoding or MarketError.UnknownType or MarketError.MissingField or MarketError.ExtraField
            or MarketError.WrongType or MarketError.InvalidValue or MarketError.NotCanonical or MarketError.Oversize or MarketError.BadSignature
            or MarketError.SignerMismatch or MarketError.StaleTimestamp or MarketError.SettlementExpired => 400,
        _ => 409,
    };

    /// <summary>Null before the first tariff, when the market has no currency yet.</summary>
    private static string? Money(long minor, string? currency) => currency is null ? null : MoneyText.Format(minor, currency);

    private static string Lower(string name) => string.Concat(name[..1].ToLowerInvariant(), name[1..]);
}
