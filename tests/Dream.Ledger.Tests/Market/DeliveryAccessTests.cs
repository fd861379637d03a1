namespace Dream.Ledger.Tests.Market;

/// <summary>
/// The parties of a promise read the supplier's readings that decided it (ARCHITECTURE.md, "Privacy"), over real
/// HTTP with signed requests: inside the delivery window plus grace, and the delivery result with the signed
/// readings it summed; outside the window, and for anyone else, nothing. A reading flagged clock-not-synchronized
/// counts in the delivery check and is reported as such.
/// </summary>
public sealed class DeliveryAccessTests
{
    private const long Quarter = MarketTestLedger.Quarter;
    private const long Grace = 5 * 60_000;

    [Fact]
    public async Task The_parties_of_a_promise_read_the_readings_inside_its_window_and_nobody_else_does()
    {
        await using var ledger = await MarketTestLedger.StartInQuarterAsync();
        var supplier = await ledger.ParticipantAsync("producer", "Solar Coop");
        var reseller = await ledger.ParticipantAsync("consumer", "Reseller");
        var owner = await ledger.ParticipantAsync("consumer", "Owner");
        var stranger = await ledger.ParticipantAsync("consumer", "Stranger");
        await ledger.ParticipantAsync("power-company", "Power Co");
        await ledger.PublishTariffAndTemplatesAsync(Grace);
        await ledger.CreditAsync(supplier.PublicKey.Did, 10_000, "bank-1");
        await ledger.CreditAsync(reseller.PublicKey.Did, 5_000, "bank-2");
        await ledger.CreditAsync(owner.PublicKey.Did, 5_000, "bank-3");
        var meter = new MeterChain(await ledger.AddMeterAsync(supplier));

        // A promise on two quarter hours, sold twice: the supplier to the reseller, the reseller to the owner.
        var windowStart = ledger.QuarterFromNow(4);
        var windowEnd = windowStart + (2 * Quarter);
        var promise = await ledger.AcceptedAsync(ledger.Promise(supplier, meter.Agent.Passport.Id, 2000, windowStart, windowEnd));
        await SellAsync(ledger, promise, supplier, reseller, 150);
        await SellAsync(ledger, promise, reseller, owner, 200);
        Assert.Equal(owner.PublicKey.Did, (await ledger.GetOkAsync(owner, $"api/v1/market/promises/{promise}")).GetProperty("owner").GetString());

        // Readings: one before the window, two inside it (the first flagged clock-not-synchronized), one after it.
        ledger.Time.Advance(TimeSpan.FromMilliseconds(windowEnd - ledger.NowMs));
        var before = meter.Next(windowStart - Quarter, 400);
        var unsynchronized = meter.Next(windowStart, 1200, ReadingQuality.ClockNotSynchronized);
        var second = meter.Next(windowStart + Quarter, 900);
        await meter.Agent.PublishAsync(before, unsynchronized, second);
        await meter.Agent.WaitForReceiptAsync(3);
        ledger.Time.Advance(TimeSpan.FromMilliseconds(windowEnd + Quarter - ledger.NowMs));
        var after = meter.Next(windowEnd, 300);
        await meter.Agent.PublishAsync(after);
        await meter.Agent.WaitForReceiptAsync(4);
        await ledger.AdvanceAndRunSchedulerAsync(TimeSpan.FromSeconds(1));

        var device = Uri.EscapeDataString(meter.Agent.Device);
        string Readings(long from, long to) => $"api/v1/readings?device={device}&from={from}&to={to}";
        var inside = Readings(windowStart, windowEnd + Grace);

        // Inside the window plus grace: the owner, and the reseller as a party of both settlements.
        Assert.Equal([2L, 3L], Sequences((await ledger.GetOkAsync(owner, inside)).EnumerateArray()));
        Assert.Equal([2L, 3L], Sequences((await ledger.GetOkAsync(reseller, inside)).EnumerateArray()));

        // Outside it the owner is refused, before and after; a stranger and an anonymous request always.
        var outsideBefore = await ledger.GetAsync(owner, Readings(windowStart - Quarter, windowEnd));
        Assert.Equal(403, outsideBefore.Status);
        Assert.Contains($"(promise {promise})", outsideBefore.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(403, (await ledger.GetAsync(owner, Readings(windowEnd, windowEnd + Quarter))).Status);
        Assert.Equal(403, (await ledger.GetAsync(stranger, inside)).Status);
        using (var anonymous = await ledger.Public.GetAsync(inside))
        {
            Assert.Equal(403, (int)anonymous.StatusCode);
        }

        // The metering point's owner sees every reading; a party sees the signed entry of a reading inside the window only.
        var all = (await ledger.GetOkAsync(supplier, Readings(0, long.MaxValue))).EnumerateArray().ToList();
        Assert.Equal([1L, 2L, 3L, 4L], Sequences(all));
        var logIndex = all.ToDictionary(r => r.GetProperty("seq").GetInt64(), r => r.GetProperty("logIndex").GetInt64());
        var entryInside = await ledger.GetOkAsync(owner, $"log/entries/{logIndex[2]}");
        Assert.Equal(unsynchronized.Hash, SignedReading.Verify(Convert.FromBase64String(entryInside.GetProperty("entry").GetString()!)).Hash);
        Assert.Equal(JsonValueKind.Null, (await ledger.GetOkAsync(owner, $"log/entries/{logIndex[1]}")).GetProperty("entry").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await ledger.GetOkAsync(stranger, $"log/entries/{logIndex[2]}")).GetProperty("entry").ValueKind);

        // The delivery result: the check counted the clock-not-synchronized reading (2100 Wh, kept; 900 Wh would be partial)
        // and lists the signed readings it summed.
        var delivery = await ledger.GetOkAsync(owner, $"api/v1/market/promises/{promise}/delivery");
        Assert.True(delivery.GetProperty("checked").GetBoolean());
        Assert.Equal(2100, delivery.GetProperty("measuredWh").GetInt64());
        Assert.True(delivery.GetProperty("complete").GetBoolean());
        Assert.Equal("kept", delivery.GetProperty("promise").GetProperty("outcome").GetString());
        Assert.Equal(1, delivery.GetProperty("clockNotSynchronized").GetProperty("readings").GetInt32());
        Assert.Equal(1200, delivery.GetProperty("clockNotSynchronized").GetProperty("exportWh").GetInt64());
        var summed = delivery.GetProperty("readings").EnumerateArray().ToList();
        Assert.Equal([2L, 3L], Sequences(summed));
        Assert.Equal([true, false], summed.Select(r => r.GetProperty("clockNotSynchronized").GetBoolean()));
        foreach (var reading in summed)
        {
            var verified = SignedReading.Verify(Convert.FromBase64String(reading.GetProperty("entry").GetString()!));
            Assert.Equal(reading.GetProperty("hash").GetString(), verified.Hash);
            Assert.Equal(reading.GetProperty("deltaExportWh").GetInt64(), verified.Reading.DeltaExportWh);
        }

        Assert.Equal(200, (await ledger.GetAsync(reseller, $"api/v1/market/promises/{promise}/delivery")).Status);
        Assert.Equal(403, (await ledger.GetAsync(stranger, $"api/v1/market/promises/{promise}/delivery")).Status);
        using (var anonymous = await ledger.Public.GetAsync($"api/v1/market/promises/{promise}/delivery"))
        {
            Assert.Equal(403, (int)anonymous.StatusCode);
        }
    }

    private static List<long> Sequences(IEnumerable<JsonElement> rows) => rows.Select(r => r.GetProperty("seq").GetInt64()).ToList();

    /// <summary>An auction of <paramref name="promise"/> by <paramref name="seller"/> won by <paramref name="buyer"/>, ended and settled by the scheduler.</summary>
    private static async Task SellAsync(MarketTestLedger ledger, string promise, Ed25519PrivateKey seller, Ed25519PrivateKey buyer, long price)
    {
        var deadline = ledger.NowMs + (10 * 60_000);
        var auction = await ledger.AcceptedAsync(ledger.Auction(seller, promise, price - 50, deadline));
        await ledger.AcceptedAsync(ledger.Bid(buyer, auction, price));
        await ledger.AdvanceAndRunSchedulerAsync(TimeSpan.FromMilliseconds(deadline - ledger.NowMs + 1000));
        Assert.Equal("settled", (await ledger.GetOkAsync(buyer, $"api/v1/market/auctions/{auction}")).GetProperty("status").GetString());
    }
}
