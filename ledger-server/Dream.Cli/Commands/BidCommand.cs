namespace Dream.Cli.Commands;

/// <summary><c>dream bid</c>: bid on an auction; the amount is held until you are outbid or win.</summary>
internal sealed class BidCommand : ICliCommand
{
    public Command Create(GlobalOptions o)
    {
        var auction = new Argument<string>("auction") { Description = "The auction id." };
        var amount = new Option<string>("--amount") { Description = "Your bid in currency units (e.g. 1.75 or \"1.75 EUR\"); it is held until you are outbid or win.", Required = true };
        var bid = new Command("bid", "Bid on an auction.") { auction, amount };
        bid.SetAction((parse, ct) => CommandAction.Run(async () =>
        {
            using var client = o.Client(parse);
            var tariff = await client.TariffAsync(ct);
            var amountMinor = MoneyInput.Parse("--amount", parse.GetValue(amount)!, tariff.Currency, allowZero: false);
            var payload = new BidPayload { Auction = parse.GetValue(auction)!, Bidder = client.Key.PublicKey.Did, Amount = amountMinor, AtMs = client.NowMs() };
            return Output.Done(parse, o, await client.SubmitAsync(MarketTransaction.Create(payload, client.Key), ct), $"bid {{id}} of {MoneyText.Format(amountMinor, tariff.Currency)} accepted");
        }));
        return bid;
    }
}
