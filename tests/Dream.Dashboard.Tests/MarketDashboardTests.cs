using Dream.Crypto;
using Dream.Ledger.Server.Dashboard;

namespace Dream.Dashboard.Tests;

/// <summary>The market views against a ledger where a promise is auctioned, bid on and settled while the page watches.</summary>
[Collection(DashboardTestGroup.Name)]
public sealed class MarketDashboardTests(DashboardFixture fixture)
{
    private const long Quarter = MarketTestLedger.Quarter;

    [Fact]
    public async Task Auctions_bids_promises_and_a_settlement_appear_live()
    {
        await using var ledger = await MarketTestLedger.StartInQuarterAsync();
        var supplier = await ledger.ParticipantAsync("producer", "Solar Coop");
        var buyer1 = await ledger.ParticipantAsync("consumer", "Buyer One");
        var buyer2 = await ledger.ParticipantAsync("consumer", "Buyer Two");
        await ledger.ParticipantAsync("power-company", "Power Co");
        var meter = new MeterChain(await ledger.AddMeterAsync(supplier));
        await ledger.PublishTariffAndTemplatesAsync();
        await ledger.CreditAsync(supplier.PublicKey.Did, 10_000, "bank-1");
        await ledger.CreditAsync(buyer1.PublicKey.Did, 5_000, "bank-2");
        await ledger.CreditAsync(buyer2.PublicKey.Did, 5_000, "bank-3");
        var windowStart = ledger.QuarterFromNow(2);
        var promise = await ledger.AcceptedAsync(ledger.Promise(supplier, meter.Agent.Passport.Id, 2000, windowStart, windowStart + Quarter));
        var deadline = windowStart - 60_000;
        var auction = await ledger.AcceptedAsync(ledger.Auction(supplier, promise, 100, deadline));
        await ledger.AcceptedAsync(ledger.Bid(buyer1, auction, 150));
        await ledger.AcceptedAsync(ledger.Bid(buyer2, auction, 275));

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(DashboardEndpoints.Url(ledger.Config, ledger.Server.AdminToken));
        await page.ClickAsync("#tabs button[data-view=market]");

        var auctions = page.Locator("#market-auctions");
        await Assertions.Expect(auctions.Locator("table.market-table > tbody > tr")).ToHaveCountAsync(1);
        await Assertions.Expect(auctions).ToContainTextAsync(auction[..12]);
        await Assertions.Expect(auctions.Locator("table.nested-bids tbody tr")).ToHaveCountAsync(2);
        // Money in currency units, as the ledger formats it; the integer minor units stay in the JSON, not on the page.
        await Assertions.Expect(auctions.Locator("table.nested-bids")).ToContainTextAsync("2.75 EUR");
        await Assertions.Expect(auctions.Locator("table.nested-bids")).ToContainTextAsync("1.50 EUR");
        await Assertions.Expect(auctions.Locator("table.nested-bids thead")).Not.ToContainTextAsync("Minor");
        await Assertions.Expect(auctions.Locator("table.market-table > tbody > tr").First).ToContainTextAsync("1.00 EUR");
        await Assertions.Expect(auctions.Locator("table.market-table > tbody > tr").First).ToContainTextAsync("open");
        var promises = page.Locator("#market-promises");
        await Assertions.Expect(promises.Locator("table.market-table > tbody > tr")).ToHaveCountAsync(1);
        await Assertions.Expect(promises).ToContainTextAsync(promise[..12]);
        await Assertions.Expect(promises).ToContainTextAsync("2000");
        await Assertions.Expect(promises).ToContainTextAsync("6.00 EUR");
        await Assertions.Expect(page.Locator("#market-tariff")).ToContainTextAsync("3.00 EUR");
        await Assertions.Expect(page.Locator("#market-tariff")).ToContainTextAsync("0.10 EUR");
        await Assertions.Expect(page.Locator("#market-tariff")).Not.ToContainTextAsync("Minor");
        await Assertions.Expect(page.Locator("#market-settlements")).ToHaveTextAsync("No settlements yet.");
        await DashboardFixture.ScreenshotAsync(page, "market-open-auction");

        // the deadline passes: the scheduler ends and settles the auction, and the page shows it on its next refresh
        await ledger.AdvanceAndRunSchedulerAsync(TimeSpan.FromMilliseconds(deadline - ledger.NowMs + 1000));
        var settlements = page.Locator("#market-settlements");
        await Assertions.Expect(settlements.Locator("table.market-table > tbody > tr")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(settlements).ToContainTextAsync("2.75 EUR");
        await Assertions.Expect(settlements).ToContainTextAsync("grid-authority");
        await Assertions.Expect(settlements).ToContainTextAsync("Buyer Two"); // the buyer's registered name, not only its key
        await Assertions.Expect(auctions.Locator("table.market-table > tbody > tr").First).ToContainTextAsync("settled");
        await DashboardFixture.ScreenshotAsync(page, "market-settled");

        // the settlement is a log entry like any other: prove it from its row (the checkpoint is signed on demand here)
        await ledger.Server.Checkpoints.SignIfGrownAsync();
        await settlements.Locator("button.prove-button").ClickAsync();
        await Assertions.Expect(page.Locator("#prove-verdict")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^verified: entry #"));
        await Assertions.Expect(page.Locator("#prove-steps li.bad")).ToHaveCountAsync(0);
        await context.DisposeAsync();
    }
}
