using Dream.Market.Contracts;

namespace Dream.Cli.Commands;

/// <summary><c>dream auction create</c>: auction a promise you own.</summary>
internal sealed class AuctionCommand : ICliCommand
{
    public Command Create(GlobalOptions o)
    {
        var promise = new Argument<string>("promise") { Description = "The promise id." };
        var basePrice = new Option<string>("--base-price") { Description = "Bids must be strictly above it, in currency units (e.g. 1.00 or \"1.00 EUR\").", Required = true };
        var deadline = new Option<string>("--deadline") { Description = "When bidding ends: Unix ms or ISO 8601 UTC, at the latest when delivery starts.", Required = true };
        var create = new Command("create", "Open an auction; the best bid at the deadline wins.") { promise, basePrice, deadline };
        create.SetAction((parse, ct) => CommandAction.Run(async () =>
        {
            using var client = o.Client(parse);
            var tariff = await client.TariffAsync(ct);
            var template = await client.LatestTemplateAsync(ContractKind.Auction, ct);
            var price = MoneyInput.Parse("--base-price", parse.GetValue(basePrice)!, tariff.Currency, allowZero: true);
            var payload = ContractDrafts.Auction(client.Key.PublicKey.Did, parse.GetValue(promise)!, price, TimeInput.ParseMs(parse.GetValue(deadline)!), template, tariff.Currency, client.NowMs());
            return Output.Done(parse, o, await client.SubmitAsync(MarketTransaction.Create(payload, client.Key), ct), "auction {id} open");
        }));
        return new Command("auction", "Auction a promise you own.") { create };
    }
}
