using Dream.Ledger.Ingest;
using Dream.Market.Contracts;
using Dream.Market.Rules;
using Dream.Market.Transactions;

namespace Dream.Ledger.Testing;

/// <summary>
/// A participant's transactions as <c>dream</c> drafts them: the deposit and the contract hash from the ledger's
/// current tariff and latest templates, signed by the participant alone (the grid authority countersigns a promise).
/// </summary>
public static class MarketDrafts
{
    public static MarketTransaction Promise(LedgerEngine engine, Ed25519PrivateKey supplier, string passport, long amountWh, long startMs, long endMs, long atMs)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(supplier);
        var (tariff, template) = engine.ReadState(s => (s.Market.CurrentTariff!, s.Market.Template(ContractKind.Promise, s.Market.LatestTemplateVersion(ContractKind.Promise))!));
        return MarketTransaction.Create(ContractDrafts.Promise(supplier.PublicKey.Did, passport, amountWh, startMs, endMs, tariff, template, atMs), supplier);
    }

    public static MarketTransaction Auction(LedgerEngine engine, Ed25519PrivateKey owner, string promise, long basePrice, long deadlineMs, long atMs)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(owner);
        var (currency, template) = engine.ReadState(s => (s.Market.Currency!, s.Market.Template(ContractKind.Auction, s.Market.LatestTemplateVersion(ContractKind.Auction))!));
        return MarketTransaction.Create(ContractDrafts.Auction(owner.PublicKey.Did, promise, basePrice, deadlineMs, template, currency, atMs), owner);
    }

    public static MarketTransaction Bid(Ed25519PrivateKey bidder, string auction, long amount, long atMs)
    {
        ArgumentNullException.ThrowIfNull(bidder);
        return MarketTransaction.Create(new BidPayload { Auction = auction, Bidder = bidder.PublicKey.Did, Amount = amount, AtMs = atMs }, bidder);
    }
}
