using Dream.Crypto;
using Dream.Market;
using Dream.Market.Scheduling;
using Dream.Market.State;
using Dream.Market.Transactions;
using static Dream.Market.Tests.MarketFixture;

namespace Dream.Market.Tests;

/// <summary>
/// Any sequence of valid and invalid transactions keeps Σ available + held + escrowed + fees equal to
/// credited − debited, never makes a balance negative, leaves the state unchanged on a refusal (the fixture
/// checks the hash), and replays from the log to the same state.
/// </summary>
public sealed class MoneyConservationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_sequences_conserve_money_and_replay_identically(int seed)
    {
        using var m = new MarketFixture();
        var random = new Random(seed);
        Ed25519PrivateKey[] people = [m.Producer, m.Prosumer, m.PowerCompany, m.Consumer, m.Consumer2, m.Agency, m.GridAuthority];
        (Ed25519PrivateKey Meter, string Passport, Ed25519PrivateKey Owner)[] points =
            [(m.ProducerMeter, m.ProducerPassport, m.Producer), (m.ProsumerMeter, m.ProsumerPassport, m.Prosumer)];
        var windows = Enumerable.Range(0, 4).Select(k => (Start: T0 + ((4 + k) * Hour), End: T0 + ((5 + k) * Hour))).ToArray();
        foreach (var (meter, passport, _) in points)
        {
            foreach (var (start, _) in windows)
            {
                m.DeliverReadings(meter, passport, start, Enumerable.Range(0, 4).Select(_ => (long)random.Next(-1, 400)).ToArray());
            }
        }

        var now = T0;
        var accepted = 0;
        for (var step = 0; step < 400; step++)
        {
            now += random.Next(0, 4) * 60_000;
            var person = people[random.Next(people.Length)];
            var promises = m.State.Promises.ToList();
            var auctions = m.State.Auctions.ToList();
            var somePromise = promises.Count > 0 ? promises[random.Next(promises.Count)] : null;
            var someAuction = auctions.Count > 0 ? auctions[random.Next(auctions.Count)] : null;
            MarketTransaction? tx = random.Next(12) switch
            {
                0 => m.Credit(person.PublicKey.Did, random.Next(1, 5_000), at: now),
                1 => m.Debit(person, random.Next(1, 3_000), at: now),
                2 or 3 => PromiseFor(m, random, points, windows, now),
                4 when somePromise is not null => m.Auction(somePromise.Id, random.Next(3) == 0 ? person : Key(people, somePromise.Owner), random.Next(0, 200), Math.Min(somePromise.StartMs, now + (random.Next(1, 90) * 60_000)), at: now),
                5 or 6 when someAuction is not null => m.Bid(someAuction.Id, person, someAuction.BestBid + random.Next(-20, 200), at: now),
                7 when somePromise is not null => MarketTransaction.Create(new PromiseSplitPayload { Promise = somePromise.Id, Owner = somePromise.Owner, Parts = [random.Next(1, 500), somePromise.AmountWh - 250], AtMs = now }, Key(people, somePromise.Owner)),
                8 when promises.Count > 1 => MarketTransaction.Create(new PromiseMergePayload { Owner = promises[0].Owner, Promises = [promises[^1].Id, promises[^2].Id], AtMs = now }, Key(people, promises[^1].Owner)),
                9 when promises.Count > 1 => MarketTransaction.Create(new PromiseSubstitutePayload { Promise = promises[^1].Id, Supplier = promises[^1].Supplier, Cover = [promises[^2].Id], AtMs = now }, Key(people, promises[^1].Supplier)),
                10 when someAuction is not null && someAuction.BestBidder is not null => MarketTransaction.Create(m.SettlePayload(someAuction.Id, now), m.GridAuthority),
                _ => null,
            };

            if (tx is not null && m.Submit(tx) is null)
            {
                accepted++;
            }

            // The scheduler runs now and then, as the ledger's loop would.
            if (random.Next(5) == 0)
            {
                foreach (var action in MarketScheduler.Due(m.State, now))
                {
                    if (m.Submit(MarketScheduler.CreateTransaction(action, m.State, m.Context, m.GridAuthority, now)) is null)
                    {
                        accepted++;
                    }
                }
            }

            m.AssertMoneyConserved();
        }

        // Let every window close and run the scheduler until quiet: every promise is settled and checked.
        now = T0 + (24 * Hour);
        for (var pass = 0; pass < 4; pass++)
        {
            foreach (var action in MarketScheduler.Due(m.State, now))
            {
                Assert.Null(m.Submit(MarketScheduler.CreateTransaction(action, m.State, m.Context, m.GridAuthority, now)));
            }
        }

        Assert.Empty(MarketScheduler.Due(m.State, now));
        Assert.All(m.State.Promises, p => Assert.NotEqual(PromiseStatus.Open, p.Status));
        Assert.Equal(0, m.State.EscrowTotal);
        Assert.Equal(0, m.State.Accounts.Sum(a => a.Held));
        m.AssertMoneyConserved();
        Assert.True(accepted > 50, $"only {accepted} transactions were accepted; the generator is too weak");

        var replayed = MarketReplay.Replay(new MarketState(), m.Log.Select(b => (ReadOnlyMemory<byte>)b), m.Context);
        Assert.Equal(m.State.ComputeHash(), replayed.ComputeHash());
    }

    private static MarketTransaction PromiseFor(MarketFixture m, Random random, (Ed25519PrivateKey Meter, string Passport, Ed25519PrivateKey Owner)[] points, (long Start, long End)[] windows, long now)
    {
        var point = points[random.Next(points.Length)];
        var window = windows[random.Next(windows.Length)];
        var supplier = random.Next(6) == 0 ? m.Consumer : point.Owner;
        return m.Promise(supplier, point.Passport, random.Next(50, 1_500), window.Start, window.End, at: now);
    }

    private static Ed25519PrivateKey Key(Ed25519PrivateKey[] people, string did) => people.First(p => p.PublicKey.Did == did);
}
