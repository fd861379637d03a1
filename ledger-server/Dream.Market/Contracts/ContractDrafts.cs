using Dream.Market.Rules;
using Dream.Market.Transactions;

namespace Dream.Market.Contracts;

/// <summary>
/// New promises and auctions as their signers draft them: the deposit the tariff requires and the hash of the
/// contract the template renders, worked out exactly as the rules check them. Every drafter (dream, the demo,
/// the benchmarks, the tests) uses these, so none is refused for a number it computed its own way.
/// </summary>
public static class ContractDrafts
{
    public static PromiseCreatePayload Promise(string supplier, string passport, long amountWh, long startMs, long endMs, TariffPayload tariff, ContractTemplatePayload template, long atMs)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        ArgumentNullException.ThrowIfNull(template);
        var draft = new PromiseCreatePayload
        {
            Supplier = supplier,
            Passport = passport,
            AmountWh = amountWh,
            StartMs = startMs,
            EndMs = endMs,
            Tariff = tariff.Version,
            Deposit = MarketMath.PerKwhCeiling(amountWh, tariff.PenaltyPerKwh),
            Template = template.Version,
            Contract = string.Empty,
            AtMs = atMs,
        };
        return draft with { Contract = ContractRenderer.Hash(ContractRenderer.RenderPromise(template, draft, tariff)) };
    }

    public static AuctionCreatePayload Auction(string owner, string promise, long basePrice, long deadlineMs, ContractTemplatePayload template, string currency, long atMs)
    {
        ArgumentNullException.ThrowIfNull(template);
        var draft = new AuctionCreatePayload { Promise = promise, Owner = owner, BasePrice = basePrice, DeadlineMs = deadlineMs, Template = template.Version, Contract = string.Empty, AtMs = atMs };
        return draft with { Contract = ContractRenderer.Hash(ContractRenderer.RenderAuction(template, draft, currency)) };
    }
}
