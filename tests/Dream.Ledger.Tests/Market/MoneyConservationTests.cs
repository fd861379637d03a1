using Dream.Market.State;
using Dream.Market.Transactions;

namespace Dream.Ledger.Tests.Market;

/// <summary>
/// Any sequence of valid and invalid transactions through the ledger's committer, with real signed readings and
/// the scheduler now and then, keeps Σ available + held + escrowed + fees equal to credited − debited and no
/// balance negative (the audit's check, after every step), leaves the state unchanged on a refusal, settles and
/// checks every promise once its window has closed, and rebuilds from the stored log to the same state.
/// </summary>
public sealed class MoneyConservationTests
{
    private const long T0 = 1_800_000_000_000; // a quarter-hour boundary
    private const long Hour = 3_600_000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Random_sequences_conserve_money_and_rebuild_identically(int seed)
    {
        await using var ledger = await CommitterLedger.StartAsync(T0);
        await ledger.SetUpMarketAsync(2 * Hour);
        var random = new Random(seed);
        var producer = await ledger.ParticipantAsync(ParticipantRole.Producer);
        var prosumer = await ledger.ParticipantAsync(ParticipantRole.Prosumer);
        var powerCompany = await ledger.ParticipantAsync(ParticipantRole.PowerCompany);
        var consumer = await ledger.ParticipantAsync(ParticipantRole.Consumer);
        var consumer2 = await ledger.ParticipantAsync(ParticipantRole.Consumer);
        var agency = await ledger.ParticipantAsync(ParticipantRole.VerificationAgency);
        Ed25519PrivateKey[] people = [producer, prosumer, powerCompany, consumer, consumer2, agency, ledger.GridAuthority];
        (MeterChain Meter, Ed25519PrivateKey Owner)[] points = [(await ledger.MeterAsync(producer), producer), (await ledger.MeterAsync(prosumer), prosumer)];
        var windows = Enumerable.Range(0, 4).Select(k => (Start: T0 + ((4 + k) * Hour), End: T0 + ((5 + k) * Hour))).ToArray();

        // Every meter's readings of every window, a random export per quarter hour and some missing (-1), signed
        // now and ingested once the window has passed on the ledger's clock.
        var pending = new Queue<(long EndMs, MeterChain Meter, SignedReading[] Readings)>();
        foreach (var (start, end) in windows)
        {
            foreach (var (meter, _) in points)
            {
                var exports = Enumerable.Range(0, 4).Select(_ => (long)random.Next(-1, 400)).ToArray();
                var readings = exports.Select((wh, q) => (Wh: wh, Reading: meter.Next(start + (q * CommitterLedger.Quarter), Math.Max(0, wh)))).ToArray();
                pending.Enqueue((end, meter, readings.Where(r => r.Wh >= 0).Select(r => r.Reading).ToArray()));
            }
        }

        async Task IngestUntilAsync(long nowMs)
        {
            while (pending.Count > 0 && pending.Peek().EndMs <= nowMs)
            {
                var (_, meter, readings) = pending.Dequeue();
                if (readings.Length > 0)
                {
                    await ledger.IngestAsync(meter, readings);
                }
            }
        }

        MarketTransaction PromiseFor()
        {
            var (meter, owner) = points[random.Next(points.Length)];
            var (start, end) = windows[random.Next(windows.Length)];
            return ledger.Promise(random.Next(6) == 0 ? consumer : owner, meter.Agent.Passport.Id, random.Next(50, 1_500), start, end);
        }

        Ed25519PrivateKey Key(string did) => people.First(p => p.PublicKey.Did == did);

        var now = T0;
        var accepted = 0;
        for (var step = 0; step < 400; step++)
        {
            now += random.Next(0, 4) * 60_000;
            ledger.SetClock(now);
            await IngestUntilAsync(now);

            // The committer is idle between steps: what these lists hold does not change under the test.
            var person = people[random.Next(people.Length)];
            var promises = ledger.Read(s => s.Promises.ToList());
            var auctions = ledger.Read(s => s.Auctions.ToList());
            var somePromise = promises.Count > 0 ? promises[random.Next(promises.Count)] : null;
            var someAuction = auctions.Count > 0 ? auctions[random.Next(auctions.Count)] : null;
            MarketTransaction? tx = random.Next(12) switch
            {
                0 => ledger.Credit(person, random.Next(1, 5_000)),
                1 => ledger.Debit(person, random.Next(1, 3_000)),
                2 or 3 => PromiseFor(),
                4 when somePromise is not null => ledger.Auction(random.Next(3) == 0 ? person : Key(somePromise.Owner), somePromise.Id, random.Next(0, 200), Math.Min(somePromise.StartMs, now + (random.Next(1, 90) * 60_000))),
                5 or 6 when someAuction is not null => ledger.Bid(person, someAuction.Id, someAuction.BestBid + random.Next(-20, 200)),
                7 when somePromise is not null => MarketTransaction.Create(new PromiseSplitPayload { Promise = somePromise.Id, Owner = somePromise.Owner, Parts = [random.Next(1, 500), somePromise.AmountWh - 250], AtMs = now }, Key(somePromise.Owner)),
                8 when promises.Count > 1 => MarketTransaction.Create(new PromiseMergePayload { Owner = promises[0].Owner, Promises = [promises[^1].Id, promises[^2].Id], AtMs = now }, Key(promises[^1].Owner)),
                9 when promises.Count > 1 => MarketTransaction.Create(new PromiseSubstitutePayload { Promise = promises[^1].Id, Supplier = promises[^1].Supplier, Cover = [promises[^2].Id], AtMs = now }, Key(promises[^1].Supplier)),
                10 when someAuction is not null && someAuction.BestBidder is not null => ledger.Settle(someAuction.Id),
                _ => null,
            };

            if (tx is not null)
            {
                var before = ledger.Read(s => s.ComputeHash());
                if (await ledger.SubmitAsync(tx) is null)
                {
                    accepted++;
                }
                else
                {
                    Assert.Equal(before, ledger.Read(s => s.ComputeHash()));
                }
            }

            // The scheduler runs now and then, as the ledger's market job does every second.
            if (random.Next(5) == 0)
            {
                accepted += (await ledger.Engine.RunMarketDueAsync(now)).Count;
            }

            ledger.AssertMoneyConserved();
        }

        // Let every window close and the scheduler run until quiet: every promise is settled and checked.
        now = T0 + (24 * Hour);
        ledger.SetClock(now);
        await IngestUntilAsync(now);
        await ledger.Engine.RunMarketDueAsync(now);

        Assert.Empty(ledger.Due(now));
        Assert.All(ledger.Read(s => s.Promises.Select(p => p.Status).ToList()), status => Assert.NotEqual(PromiseStatus.Open, status));
        Assert.Equal(0, ledger.Read(s => s.EscrowTotal));
        Assert.Equal(0, ledger.Read(s => s.Accounts.Sum(a => a.Held)));
        ledger.AssertMoneyConserved();
        Assert.True(accepted > 50, $"only {accepted} transactions were accepted; the generator is too weak");
        Assert.Equal(ledger.Read(s => s.ComputeHash()), (await ledger.RebuildAsync()).Market.ComputeHash());
    }
}
