using Dream.Contracts;
using Dream.Market;
using Dream.Market.Rules;
using Dream.Market.Scheduling;
using Dream.Market.State;
using Dream.Market.Transactions;
using static Dream.Market.Tests.MarketFixture;

namespace Dream.Market.Tests;

public sealed class SchedulerAndEngineTests : IDisposable
{
    private const long Deadline = T0 + (3 * Hour);
    private const long Start = T0 + (4 * Hour);
    private const long End = T0 + (5 * Hour);
    private readonly MarketFixture _m = new();

    public void Dispose() => _m.Dispose();

    [Fact]
    public async Task One_hundred_concurrent_bids_leave_one_winner_and_no_lost_money()
    {
        _m.Accept(_m.Credit(_m.Producer, 10_000));
        var promise = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, Start, End)).Id;
        var auction = _m.Accept(_m.Auction(promise, _m.Producer, 100, Deadline)).Id;
        var bidders = Enumerable.Range(0, 100).Select(_ => _m.NewParticipant(ParticipantRole.Consumer)).ToArray();
        foreach (var bidder in bidders)
        {
            _m.Accept(_m.Credit(bidder, 1_000));
        }

        var bids = bidders.Select((b, i) => _m.Bid(auction, b, 101 + ((i * 37) % 100)).ToBytes()).ToArray(); // 100 distinct amounts
        using var engine = new MarketEngine(_m.State, _m.Context);
        using var start = new ManualResetEventSlim();
        var tasks = bids.Select(bytes => Task.Run(async () =>
        {
            start.Wait();
            return await engine.SubmitAsync(bytes);
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains(results, r => r.Accepted);
        Assert.All(results.Where(r => !r.Accepted), r => Assert.Equal(MarketError.BidTooLow, r.Violation!.Error));
        var state = _m.State.FindAuction(auction)!;
        Assert.Equal(200, state.BestBid);
        Assert.Equal(results.Count(r => r.Accepted), state.BidCount);
        Assert.Single(bidders, b => _m.State.AccountOf(b.PublicKey.Did).Held > 0);
        Assert.Equal(200, bidders.Sum(b => _m.State.AccountOf(b.PublicKey.Did).Held));
        Assert.All(bidders, b => Assert.Equal(1_000, _m.State.AccountOf(b.PublicKey.Did).Total));

        await engine.RunDueAsync(Deadline, _m.GridAuthority);
        Assert.Equal(state.BestBidder, _m.State.FindPromise(promise)!.Owner);
        Assert.Equal(99 * 1_000 + 800, bidders.Sum(b => _m.State.AccountOf(b.PublicKey.Did).Total));
        _m.AssertMoneyConserved();
    }

    [Fact]
    public async Task The_scheduler_ends_settles_and_checks_once_and_never_lists_an_applied_action_again()
    {
        _m.Accept(_m.Credit(_m.Producer, 10_000));
        _m.Accept(_m.Credit(_m.Consumer, 10_000));
        var promise = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, Start, End)).Id;
        var auction = _m.Accept(_m.Auction(promise, _m.Producer, 100, Deadline)).Id;
        _m.Accept(_m.Bid(auction, _m.Consumer, 250));
        _m.DeliverReadings(_m.ProducerMeter, _m.ProducerPassport, Start, 250, 250, 250, 250);

        Assert.Empty(MarketScheduler.Due(_m.State, Deadline - 1));
        Assert.Equal([new DueAction(DueActionKind.EndAuction, auction, Deadline)], MarketScheduler.Due(_m.State, Deadline));

        var log = new List<byte[]>(_m.Log);
        using var engine = new MarketEngine(_m.State, _m.Context, (tx, _) => { log.Add(tx.ToBytes()); return ValueTask.CompletedTask; });
        var applied = await engine.RunDueAsync(Deadline, _m.GridAuthority);
        Assert.Equal([PayloadTypes.AuctionEnd, PayloadTypes.Settle], applied.Select(t => t.Payload.Type));
        Assert.Empty(MarketScheduler.Due(_m.State, Deadline));
        Assert.Empty(await engine.RunDueAsync(Deadline, _m.GridAuthority));
        Assert.Empty(MarketScheduler.Due(_m.State, End + GraceMs - 1));

        var checks = await engine.RunDueAsync(End + GraceMs, _m.GridAuthority);
        Assert.Equal([PayloadTypes.DeliveryCheck], checks.Select(t => t.Payload.Type));
        Assert.Equal(DeliveryOutcome.Kept, _m.State.FindPromise(promise)!.Outcome);
        Assert.Empty(MarketScheduler.Due(_m.State, long.MaxValue / 2));

        // Replaying the log from scratch, twice, gives the same state, which lists nothing due.
        var first = Replay(log);
        var second = Replay(log);
        Assert.Equal(_m.State.ComputeHash(), first.ComputeHash());
        Assert.Equal(first.ComputeHash(), second.ComputeHash());
        Assert.Empty(MarketScheduler.Due(first, long.MaxValue / 2));
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_a_settlement_settles_it_exactly_once()
    {
        _m.Accept(_m.Credit(_m.Producer, 10_000));
        _m.Accept(_m.Credit(_m.Consumer, 10_000));
        var promise = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, Start, End)).Id;
        var auction = _m.Accept(_m.Auction(promise, _m.Producer, 100, Deadline)).Id;
        _m.Accept(_m.Bid(auction, _m.Consumer, 250));
        _m.Accept(_m.EndAuction(auction, Deadline));

        // Crash 1: the ledger dies before the settlement reaches the log.
        var log = new List<byte[]>(_m.Log);
        using (var crashing = new MarketEngine(Replay(log), _m.Context, (_, _) => throw new IOException("power cut before fsync")))
        {
            await Assert.ThrowsAsync<IOException>(() => crashing.RunDueAsync(Deadline + 1, _m.GridAuthority));
        }

        var restarted = Replay(log);
        Assert.Equal([new DueAction(DueActionKind.Settle, auction, Deadline)], MarketScheduler.Due(restarted, Deadline + 2));

        // Crash 2: the settlement is logged (fsync) but the process dies before applying and acknowledging.
        using (var dying = new MarketEngine(restarted, _m.Context, (tx, _) =>
        {
            log.Add(tx.ToBytes());
            throw new OperationCanceledException("killed after fsync");
        }))
        {
            await Assert.ThrowsAsync<OperationCanceledException>(() => dying.RunDueAsync(Deadline + 2, _m.GridAuthority));
        }

        var afterRestart = Replay(log);
        Assert.Equal(AuctionStatus.Settled, afterRestart.FindAuction(auction)!.Status);
        Assert.Empty(MarketScheduler.Due(afterRestart, Deadline + 3));
        using var engine = new MarketEngine(afterRestart, _m.Context);
        Assert.Empty(await engine.RunDueAsync(Deadline + 3, _m.GridAuthority));

        // The winner's own settlement, arriving late, is refused: settled exactly once.
        var late = MarketTransaction.Create(new SettlePayload { Auction = auction, Promise = promise, Buyer = _m.Consumer.PublicKey.Did, Seller = _m.Producer.PublicKey.Did, Price = 250, AtMs = Deadline + 4 }, _m.Consumer)
            .Countersign(_m.Producer).Countersign(_m.GridAuthority);
        Assert.Equal(MarketError.AlreadySettled, (await engine.SubmitAsync(late.ToBytes())).Violation!.Error);
        Assert.Equal(10_000 - 250, afterRestart.AccountOf(_m.Consumer.PublicKey.Did).Available);
        Assert.Equal(10_000 - 300 + 250, afterRestart.AccountOf(_m.Producer.PublicKey.Did).Available);
    }

    [Fact]
    public void Replay_refuses_a_log_whose_entry_breaks_a_rule()
    {
        var log = new List<byte[]>(_m.Log) { _m.Credit(_m.Consumer, 5, "dup").ToBytes(), _m.Credit(_m.Consumer, 6, "dup").ToBytes() };
        var e = Assert.Throws<MarketException>(() => Replay(log));
        Assert.Equal(MarketError.DuplicateReference, e.Error);
    }

    [Fact]
    public void Freshness_is_checked_on_admission_against_the_ledger_clock()
    {
        var bid = _m.Bid(new string('a', 64), _m.Consumer, 5, at: T0);
        Assert.Null(MarketRules.CheckFreshness(bid, T0 + 30_000, 30_000));
        Assert.Equal(MarketError.StaleTimestamp, MarketRules.CheckFreshness(bid, T0 + 30_001, 30_000)!.Error);
        Assert.Equal(MarketError.StaleTimestamp, MarketRules.CheckFreshness(bid, T0 - 30_001, 30_000)!.Error);
    }

    private MarketState Replay(IEnumerable<byte[]> log) =>
        MarketReplay.Replay(new MarketState(), log.Select(b => (ReadOnlyMemory<byte>)b), _m.Context);
}
