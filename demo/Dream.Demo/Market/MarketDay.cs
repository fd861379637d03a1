using System.Globalization;
using Dream.Crypto;
using Dream.Demo.Grid;
using Dream.Demo.Ledger;
using Dream.Demo.Report;
using Dream.Market.Contracts;
using Dream.Market.Money;
using Dream.Market.Transactions;

namespace Dream.Demo.Market;

/// <summary>
/// The trading day: tariff, templates and credits; promises from each supplier's forecast surplus (Ben
/// promises more than his roof gives); auctions; bids, some refused; then the ledger's scheduler settles at the
/// deadline and checks delivery against the signed readings after each window plus the grace.
/// </summary>
internal sealed class MarketDay(LedgerClient client, SimulatedClock clock, Participant gridAuthority, IReadOnlyList<Participant> traders, IReadOnlyList<MeterSite> sites, TextWriter output)
{
    // Money parameters render in currency units ("0.60 EUR", contract-template/2), so the text names no currency of its own.
    private const string PromiseTemplate = "Power promise. {{supplier}} will export {{amountWh}} Wh from {{startUtc}} to {{endUtc}}, measured at metering point {{passport}}. Deposit {{deposit}} in escrow (tariff {{tariffVersion}}: penalty {{penaltyPerKwh}} per kWh, grid fee {{gridFeePerKwh}} per kWh, grace {{graceMs}} ms); kept: the deposit returns less the fee; broken: it goes to the power company.";
    private const string AuctionTemplate = "Auction of power promise {{promise}} by {{owner}}: base price {{basePrice}}; bids until {{deadlineUtc}}; the best bid wins and pays the owner.";
    private const long Credit = 50_000;

    private readonly List<(string Id, Participant Supplier, MeterSite Site, long AmountWh, DateTimeOffset Start, DateTimeOffset End)> _promises = [];

    public bool Wired { get; private set; }

    public string Note { get; private set; } = "The market is not wired into this ledger yet: this day ran the metering half only.";

    public int RefusedBids { get; private set; }

    /// <summary>The market's currency, once the tariff is published.</summary>
    public string? Currency { get; private set; }

    public async Task PlayAsync(DayPlan plan, CancellationToken cancellationToken)
    {
        var (status, _) = await client.SendAsync(HttpMethod.Get, "/api/v1/market/state", null, null, cancellationToken);
        Wired = status != 404;
        Say($"== Trading day: market opens {F(plan.MarketOpens)}, auctions close {F(plan.AuctionDeadline)}, delivery {F(plan.Window1Start)}-{F(plan.Window1End)} and {F(plan.Window2Start)}-{F(plan.Window2End)}, checks after {plan.Grace.TotalMinutes:0} min grace");
        if (!Wired)
        {
            Say($"  {Note}");
            await clock.WaitUntilAsync(plan.DayEnd, cancellationToken);
            return;
        }

        Note = "Market wired: promises, auctions, bids, settlements and delivery checks ran on the ledger.";
        await client.AdminPostAsync("admin/v1/market/tariff", new JsonObject { ["currency"] = "EUR", ["penaltyPerKwh"] = 30, ["gridFeePerKwh"] = 2, ["minWh"] = 100, ["maxWh"] = 1_000_000, ["graceMs"] = (long)plan.Grace.TotalMilliseconds }, cancellationToken);
        await client.AdminPostAsync("admin/v1/market/templates", new JsonObject { ["kind"] = "promise", ["text"] = PromiseTemplate }, cancellationToken);
        await client.AdminPostAsync("admin/v1/market/templates", new JsonObject { ["kind"] = "auction", ["text"] = AuctionTemplate }, cancellationToken);
        foreach (var t in traders)
        {
            await client.AdminPostAsync("admin/v1/market/credit", new JsonObject { ["account"] = t.Did, ["amount"] = Credit, ["reference"] = $"bank-{Participant.Slug(t.Name)}" }, cancellationToken);
        }

        await clock.WaitUntilAsync(plan.MarketOpens, cancellationToken);
        using var gaKey = gridAuthority.LoadKey();
        var tariffJson = await client.SignedGetAsync("/api/v1/market/tariff", gaKey, cancellationToken);
        var tariff = (TariffPayload)MarketPayloadReader.Parse(Convert.FromBase64String(tariffJson.GetProperty("payload").GetString()!));
        Currency = tariff.Currency;
        Say($"  tariff v{tariff.Version}: {tariff.Currency}, penalty {Money(tariff.PenaltyPerKwh)} per kWh, grid fee {Money(tariff.GridFeePerKwh)} per kWh, grace {plan.Grace.TotalMinutes:0} min; every participant credited {Money(Credit)}");
        var templates = (await client.SignedGetAsync("/api/v1/market/templates", gaKey, cancellationToken)).EnumerateArray()
            .Select(t => (ContractTemplatePayload)MarketPayloadReader.Parse(Convert.FromBase64String(t.GetProperty("payload").GetString()!)))
            .ToList();
        var promiseTemplate = templates.Last(t => t.Kind == ContractKind.Promise);
        var auctionTemplate = templates.Last(t => t.Kind == ContractKind.Auction);

        Say("  promises from forecast surplus (the simulator's own model is each owner's forecast):");
        foreach (var site in sites.Where(s => s.Owner.Role is "prosumer" or "producer"))
        {
            foreach (var (start, end) in new[] { (plan.Window1Start, plan.Window1End), (plan.Window2Start, plan.Window2End) })
            {
                var forecast = site.Spec.ForecastExportWh(start, end);
                var over = site.Owner.Name == GridCast.UnderDeliverer;
                var amount = (long)(forecast * (over ? 2.5 : 0.7)) / 10 * 10;
                if (amount < tariff.MinWh)
                {
                    continue;
                }

                using var key = site.Owner.LoadKey();
                var draft = ContractDrafts.Promise(
                    site.Owner.Did, site.PassportId, amount, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), tariff, promiseTemplate, clock.Now.ToUnixTimeMilliseconds());
                var tx = MarketTransaction.Create(draft, key);
                var id = await SubmitAsync(tx, cancellationToken) ?? throw new InvalidOperationException($"The ledger refused {site.Owner.Name}'s promise.");
                _promises.Add((id, site.Owner, site, amount, start, end));
                Say($"    {site.Owner.Name,-16} {amount,6} Wh {F(start)}-{F(end)} (forecast {forecast,6:0} Wh{(over ? ", deliberately over-promised" : string.Empty)}) deposit {Money(draft.Deposit)}");
            }
        }

        Say("  auctions, closing at " + F(plan.AuctionDeadline) + ":");
        var auctions = new List<(string Id, Participant Seller, long BasePrice, string PromiseId)>();
        foreach (var p in _promises)
        {
            using var key = p.Supplier.LoadKey();
            var basePrice = Math.Max(1, p.AmountWh * 8 / 100);
            var draft = ContractDrafts.Auction(p.Supplier.Did, p.Id, basePrice, plan.AuctionDeadline.ToUnixTimeMilliseconds(), auctionTemplate, tariff.Currency, clock.Now.ToUnixTimeMilliseconds());
            var tx = MarketTransaction.Create(draft, key);
            var id = await SubmitAsync(tx, cancellationToken) ?? throw new InvalidOperationException($"The ledger refused {p.Supplier.Name}'s auction.");
            auctions.Add((id, p.Supplier, basePrice, p.Id));
        }

        Say($"    {auctions.Count} auctions open");
        Say("  bids (the ledger refuses what breaks a rule):");
        var buyers = traders.Where(t => t.Role is "consumer" or "power-company").ToList();
        var round = 0;
        foreach (var a in auctions)
        {
            // A bid at the base price, and the seller bidding on its own auction: both refused.
            await BidAsync(buyers[round % buyers.Count], a.Id, a.BasePrice, cancellationToken);
            if (round == 0)
            {
                await BidAsync(a.Seller, a.Id, a.BasePrice * 2, cancellationToken);
            }

            var price = a.BasePrice;
            for (var i = 0; i < 3; i++)
            {
                price += Math.Max(1, a.BasePrice / 10);
                await BidAsync(buyers[(round + i) % buyers.Count], a.Id, price, cancellationToken);
            }

            round++;
        }

        Say($"    {RefusedBids} bids refused");
        Say($"  waiting: settlement at {F(plan.AuctionDeadline)}, delivery checks at {F(plan.Window1End + plan.Grace)} and {F(plan.Window2End + plan.Grace)} (the ledger's scheduler does both)");
        await clock.WaitUntilAsync(plan.DayEnd, cancellationToken);
        await WaitForDeliveryChecksAsync(gaKey, cancellationToken);
    }

    public async Task<JsonObject?> SettleReportAsync(List<ParticipantReport> participants, List<DeviceReport> devices, CancellationToken cancellationToken)
    {
        _ = devices;
        if (!Wired)
        {
            return null;
        }

        using var key = gridAuthority.LoadKey();
        var promises = await client.SignedGetAsync("/api/v1/market/promises", key, cancellationToken);
        var auctions = await client.SignedGetAsync("/api/v1/market/auctions", key, cancellationToken);
        var settlements = await client.SignedGetAsync("/api/v1/market/settlements", key, cancellationToken);
        var state = await client.SignedGetAsync("/api/v1/market/state", key, cancellationToken);
        var accounts = new JsonArray();
        var byDid = participants.ToDictionary(p => p.Did);
        foreach (var p in participants)
        {
            var account = await client.SignedGetAsync($"/api/v1/market/accounts/{p.Did}", key, cancellationToken);
            p.Currency = account.GetProperty("currency").GetString();
            p.BalanceMinor = account.GetProperty("availableMinor").GetInt64();
            p.HeldMinor = account.GetProperty("heldMinor").GetInt64();
            p.EscrowedMinor = account.GetProperty("escrowedMinor").GetInt64();
            accounts.Add(JsonNode.Parse(account.GetRawText()));
        }

        var powerCompany = participants.Single(p => p.Role == "power-company");
        foreach (var promise in promises.EnumerateArray())
        {
            if (!byDid.TryGetValue(promise.GetProperty("supplier").GetString()!, out var supplier))
            {
                continue;
            }

            supplier.PromisedWh += promise.GetProperty("amountWh").GetInt64();
            supplier.DeliveredWh += promise.GetProperty("deliveredWh").GetInt64();
            var deposit = promise.GetProperty("depositMinor").GetInt64();
            var refunded = promise.GetProperty("refundedToSupplierMinor").GetInt64();
            var toPowerCompany = promise.GetProperty("paidToPowerCompanyMinor").GetInt64();
            supplier.MoneyOutMinor += deposit;
            supplier.MoneyInMinor += refunded;
            supplier.PenaltiesPaidMinor += toPowerCompany;
            powerCompany.PenaltiesReceivedMinor += toPowerCompany;
            powerCompany.MoneyInMinor += toPowerCompany;
        }

        foreach (var s in settlements.EnumerateArray())
        {
            var price = s.GetProperty("priceMinor").GetInt64();
            if (byDid.TryGetValue(s.GetProperty("seller").GetString()!, out var seller))
            {
                seller.MoneyInMinor += price;
            }

            if (byDid.TryGetValue(s.GetProperty("buyer").GetString()!, out var buyer))
            {
                buyer.MoneyOutMinor += price;
                buyer.BoughtWh += promises.EnumerateArray().Where(p => p.GetProperty("id").GetString() == s.GetProperty("promise").GetString()).Sum(p => p.GetProperty("amountWh").GetInt64());
            }
        }

        return new JsonObject
        {
            ["promises"] = JsonNode.Parse(promises.GetRawText()),
            ["auctions"] = JsonNode.Parse(auctions.GetRawText()),
            ["settlements"] = JsonNode.Parse(settlements.GetRawText()),
            ["state"] = JsonNode.Parse(state.GetRawText()),
            ["accounts"] = accounts,
            ["refusedBids"] = RefusedBids,
        };
    }

    private async Task WaitForDeliveryChecksAsync(Ed25519PrivateKey key, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var promises = await client.SignedGetAsync("/api/v1/market/promises", key, cancellationToken);
            var open = promises.EnumerateArray().Count(p => p.GetProperty("outcome").ValueKind == JsonValueKind.Null);
            if (open == 0)
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{open} promises were never checked for delivery; see the ledger's log.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private async Task BidAsync(Participant bidder, string auction, long amount, CancellationToken cancellationToken)
    {
        using var key = bidder.LoadKey();
        var tx = MarketTransaction.Create(new BidPayload { Auction = auction, Bidder = bidder.Did, Amount = amount, AtMs = clock.Now.ToUnixTimeMilliseconds() }, key);
        if (await SubmitAsync(tx, cancellationToken, quiet: true) is null)
        {
            RefusedBids++;
        }
    }

    /// <summary>The transaction's id when the ledger logged it; null (and the reason printed) when a rule refused it.</summary>
    private async Task<string?> SubmitAsync(MarketTransaction transaction, CancellationToken cancellationToken, bool quiet = false)
    {
        var (status, body) = await client.SendAsync(HttpMethod.Post, "/api/v1/market/transactions", null, System.Text.Encoding.UTF8.GetString(transaction.ToBytes()), cancellationToken);
        if (status == 200)
        {
            return transaction.Id;
        }

        var why = body;
        try
        {
            using var doc = JsonDocument.Parse(body);
            why = $"{doc.RootElement.GetProperty("error").GetString()}: {doc.RootElement.GetProperty("message").GetString()}";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Not the ledger's error shape: print the body as it came.
        }

        Say($"    refused {transaction.Payload.Type} ({status}) {why}");
        _ = quiet;
        return null;
    }

    private static string F(DateTimeOffset t) => SimulatedClock.Format(t);

    private string Money(long minor) => MoneyText.Format(minor, Currency!);

    private void Say(string text) => output.WriteLine(text);
}
