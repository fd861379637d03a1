using Dream.Ledger.Server.Cli;
using Dream.Market.Transactions;

namespace Dream.Ledger.Tests.Market;

/// <summary>
/// A whole trading cycle through the HTTP API of a real ledger: tariff, templates, credits, promises
/// (countersigned by the ledger), an auction with bids (one refused as too low), the automatic end and
/// settlement at the deadline across a restart, delivery checked against real signed readings that came
/// over MQTT (one promise kept, one broken), balances, and the audit recomputing every balance from the log.
/// </summary>
public sealed class MarketCycleTests
{
    private const long Quarter = MarketTestLedger.Quarter;

    [Fact]
    public async Task A_trading_cycle_settles_once_across_a_restart_and_checks_delivery_against_signed_readings()
    {
        await using var ledger = await MarketTestLedger.StartInQuarterAsync();
        using var outsider = Ed25519PrivateKey.Generate();
        var supplier = await ledger.ParticipantAsync("producer", "Solar Coop");
        var buyer1 = await ledger.ParticipantAsync("consumer", "Buyer One");
        var buyer2 = await ledger.ParticipantAsync("consumer", "Buyer Two");
        var powerCompany = await ledger.ParticipantAsync("power-company", "Power Co");
        var meter = new MeterChain(await ledger.AddMeterAsync(supplier));

        // Before any tariff, money cannot move.
        var noTariff = await ledger.CreditAsync(buyer1.PublicKey.Did, 10, "early", expectOk: false);
        Assert.Equal("NoTariff", noTariff.GetProperty("error").GetString());

        await ledger.PublishTariffAndTemplatesAsync();
        await ledger.CreditAsync(supplier.PublicKey.Did, 10_000, "bank-1");
        await ledger.CreditAsync(buyer1.PublicKey.Did, 5_000, "bank-2");
        await ledger.CreditAsync(buyer2.PublicKey.Did, 5_000, "bank-3");
        var reused = await ledger.CreditAsync(buyer2.PublicKey.Did, 4_000, "bank-3", expectOk: false);
        Assert.Equal("DuplicateReference", reused.GetProperty("error").GetString());

        // Two promises on the supplier's meter, in consecutive quarter hours.
        var windowStart = ledger.QuarterFromNow(2);
        var kept = await ledger.AcceptedAsync(ledger.Promise(supplier, meter.Agent.Passport.Id, 2000, windowStart, windowStart + Quarter));
        var broken = await ledger.AcceptedAsync(ledger.Promise(supplier, meter.Agent.Passport.Id, 1000, windowStart + Quarter, windowStart + (2 * Quarter)));
        Assert.Equal("RoleNotAllowed", await ledger.RefusedAsync(ledger.Promise(buyer1, meter.Agent.Passport.Id, 1000, windowStart, windowStart + Quarter), 409));
        Assert.Equal("AmountOutOfBounds", await ledger.RefusedAsync(ledger.Promise(supplier, meter.Agent.Passport.Id, 50, windowStart, windowStart + Quarter), 409));
        var account = await ledger.GetOkAsync(supplier, $"api/v1/market/accounts/{supplier.PublicKey.Did}");
        Assert.Equal(10_000 - 600 - 300, account.GetProperty("availableMinor").GetInt64());
        Assert.Equal(900, account.GetProperty("escrowedMinor").GetInt64());
        Assert.Equal("EUR", account.GetProperty("currency").GetString());
        Assert.Equal("91.00 EUR", account.GetProperty("available").GetString());
        Assert.Equal("9.00 EUR", account.GetProperty("escrowed").GetString());

        // The contract: rendered text, its hash equal to the one the supplier signed.
        var contract = await ledger.GetOkAsync(buyer1, $"api/v1/market/contracts/{kept}");
        Assert.Equal(contract.GetProperty("signedHash").GetString(), contract.GetProperty("hash").GetString());
        Assert.Contains("delivers 2000 Wh", contract.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("deposit 6.00 EUR (tariff 1, penalty 3.00 EUR per kWh, fee 0.10 EUR per kWh", contract.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(PayloadTypes.ContractTemplate2, contract.GetProperty("templateType").GetString());

        // Auction: bids strictly above the base price, then strictly above the best bid.
        var deadline = windowStart - 60_000;
        var auction = await ledger.AcceptedAsync(ledger.Auction(supplier, kept, 100, deadline));
        Assert.Equal("BidTooLow", await ledger.RefusedAsync(ledger.Bid(buyer1, auction, 100), 409));
        await ledger.AcceptedAsync(ledger.Bid(buyer1, auction, 150));
        Assert.Equal("BidTooLow", await ledger.RefusedAsync(ledger.Bid(buyer2, auction, 140), 409));
        Assert.Equal("RoleNotAllowed", await ledger.RefusedAsync(ledger.Bid(supplier, auction, 500), 409));
        await ledger.AcceptedAsync(ledger.Bid(buyer2, auction, 200));
        var b1 = await ledger.GetOkAsync(buyer1, $"api/v1/market/accounts/{buyer1.PublicKey.Did}");
        Assert.Equal(5_000, b1.GetProperty("availableMinor").GetInt64());
        Assert.Equal(0, b1.GetProperty("heldMinor").GetInt64());
        var b2 = await ledger.GetOkAsync(buyer2, $"api/v1/market/accounts/{buyer2.PublicKey.Did}");
        Assert.Equal(4_800, b2.GetProperty("availableMinor").GetInt64());
        Assert.Equal(200, b2.GetProperty("heldMinor").GetInt64());
        var withBids = await ledger.GetOkAsync(buyer1, $"api/v1/market/auctions/{auction}");
        Assert.Equal(2, withBids.GetProperty("bids").GetArrayLength());
        Assert.Equal(200, withBids.GetProperty("bestBidMinor").GetInt64());
        Assert.Equal("2.00 EUR", withBids.GetProperty("bestBid").GetString());
        Assert.Equal("1.00 EUR", withBids.GetProperty("basePrice").GetString());
        Assert.Equal("1.50 EUR", withBids.GetProperty("bids")[0].GetProperty("amount").GetString());
        Assert.Equal(150, withBids.GetProperty("bids")[0].GetProperty("amountMinor").GetInt64());
        Assert.Equal("open", withBids.GetProperty("status").GetString());

        // Queries are for registered participants only, and signed.
        Assert.Equal(403, (await ledger.GetAsync(outsider, "api/v1/market/promises")).Status);
        using (var anonymous = await ledger.Public.GetAsync("api/v1/market/promises"))
        {
            Assert.Equal(403, (int)anonymous.StatusCode);
        }

        // The ledger stops before the deadline and comes back after it: the scheduler, rebuilt from the
        // replayed log, ends and settles the auction once; further ticks and a second restart change nothing.
        await ledger.StopServerAsync();
        ledger.Time.Advance(TimeSpan.FromMilliseconds(deadline - ledger.NowMs + 1000));
        await ledger.StartServerAsync();
        await ledger.AdvanceAndRunSchedulerAsync(TimeSpan.FromSeconds(1));
        await ledger.AdvanceAndRunSchedulerAsync(TimeSpan.FromSeconds(1));
        await ledger.StopServerAsync();
        await ledger.StartServerAsync();
        await ledger.AdvanceAndRunSchedulerAsync(TimeSpan.FromSeconds(1));
        var settlements = await ledger.GetOkAsync(buyer1, "api/v1/market/settlements");
        var settlement = Assert.Single(settlements.EnumerateArray());
        Assert.Equal(buyer2.PublicKey.Did, settlement.GetProperty("buyer").GetString());
        Assert.Equal(200, settlement.GetProperty("priceMinor").GetInt64());
        Assert.Equal("2.00 EUR", settlement.GetProperty("price").GetString());
        Assert.Equal("grid-authority", settlement.GetProperty("signedBy").GetString());
        Assert.Equal(buyer2.PublicKey.Did, (await ledger.GetOkAsync(buyer2, $"api/v1/market/promises/{kept}")).GetProperty("owner").GetString());
        Assert.Equal("settled", (await ledger.GetOkAsync(buyer2, $"api/v1/market/auctions/{auction}")).GetProperty("status").GetString());

        // The meter delivers 2100 Wh in the first window and nothing is read in the second.
        ledger.Time.Advance(TimeSpan.FromMilliseconds(windowStart + Quarter - ledger.NowMs));
        var reading = meter.Next(windowStart, 2100);
        await meter.Agent.PublishAsync(reading);
        await meter.Agent.WaitForReceiptAsync(reading.Reading.Sequence);

        // Not before the window's end plus the grace period.
        await ledger.AdvanceAndRunSchedulerAsync(TimeSpan.FromMinutes(1));
        Assert.Equal("open", (await ledger.GetOkAsync(buyer2, $"api/v1/market/promises/{kept}")).GetProperty("status").GetString());
        await ledger.AdvanceAndRunSchedulerAsync(TimeSpan.FromMilliseconds(windowStart + (2 * Quarter) + (5 * 60_000) - ledger.NowMs));
        var keptNow = await ledger.GetOkAsync(buyer2, $"api/v1/market/promises/{kept}");
        Assert.Equal("checked", keptNow.GetProperty("status").GetString());
        Assert.Equal("kept", keptNow.GetProperty("outcome").GetString());
        Assert.Equal(580, keptNow.GetProperty("refundedToSupplierMinor").GetInt64());
        Assert.Equal("5.80 EUR", keptNow.GetProperty("refundedToSupplier").GetString());
        Assert.Equal("6.00 EUR", keptNow.GetProperty("deposit").GetString());
        var brokenNow = await ledger.GetOkAsync(buyer2, $"api/v1/market/promises/{broken}");
        Assert.Equal("broken", brokenNow.GetProperty("outcome").GetString());
        Assert.Equal(290, brokenNow.GetProperty("paidToPowerCompanyMinor").GetInt64());

        // Balances: 10000 - 900 + 200 + 580; buyer two paid 200; the power company covered the broken one.
        Assert.Equal(9_880, (await ledger.GetOkAsync(supplier, $"api/v1/market/accounts/{supplier.PublicKey.Did}")).GetProperty("availableMinor").GetInt64());
        Assert.Equal(4_800, (await ledger.GetOkAsync(buyer2, $"api/v1/market/accounts/{buyer2.PublicKey.Did}")).GetProperty("availableMinor").GetInt64());
        Assert.Equal(0, (await ledger.GetOkAsync(buyer2, $"api/v1/market/accounts/{buyer2.PublicKey.Did}")).GetProperty("heldMinor").GetInt64());
        Assert.Equal(290, (await ledger.GetOkAsync(powerCompany, $"api/v1/market/accounts/{powerCompany.PublicKey.Did}")).GetProperty("availableMinor").GetInt64());
        var marketState = await ledger.GetOkAsync(buyer1, "api/v1/market/state");
        Assert.Equal(30, marketState.GetProperty("feesMinor").GetInt64());
        Assert.Equal("0.30 EUR", marketState.GetProperty("fees").GetString());
        var stateHash = marketState.GetProperty("stateHash").GetString()!;

        // The log alone proves every balance: the audit replays every entry and recomputes the same state.
        await ledger.StopServerAsync();
        using var output = new StringWriter();
        var exit = await VerifyCommand.RunAsync(new VerifyOptions { DataDir = ledger.Config.DataDir }, output, output, CancellationToken.None);
        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains($"market state: {stateHash}", text, StringComparison.Ordinal);
        Assert.Contains($"balance:      {supplier.PublicKey.Did} available 98.80 EUR held 0.00 EUR escrowed 0.00 EUR", text, StringComparison.Ordinal);
        Assert.Contains($"balance:      {powerCompany.PublicKey.Did} available 2.90 EUR held 0.00 EUR escrowed 0.00 EUR", text, StringComparison.Ordinal);
        Assert.Contains("fees 0.30 EUR, escrow 0.00 EUR", text, StringComparison.Ordinal);
        Assert.Contains("1 settlements", text, StringComparison.Ordinal);
        await ledger.StartServerAsync();
    }
}
