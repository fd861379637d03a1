using Dream.Ledger.Ingest;
using Dream.Ledger.Log;
using Dream.Ledger.Storage;
using Dream.Market;
using Dream.Market.Contracts;
using Dream.Market.Scheduling;
using Dream.Market.State;
using Dream.Market.Transactions;
using Dream.Transparency.Merkle;

namespace Dream.Ledger.Tests.Market;

/// <summary>
/// The market's one writer, the ledger's committer, on real SQLite: concurrent submissions in one order, the
/// scheduler's passes until nothing is due, a crash before and after a settlement's commit, and the rebuild
/// (what a restart and <c>dream-ledger verify</c> replay) refusing a log entry that no rule allows.
/// </summary>
public sealed class CommitterTests
{
    private const long T0 = 1_800_000_000_000; // a quarter-hour boundary
    private const long Hour = 3_600_000;
    private const long Grace = 2 * Hour;
    private const long Deadline = T0 + (3 * Hour);
    private const long Start = T0 + (4 * Hour);
    private const long End = T0 + (5 * Hour);

    [Fact]
    public async Task One_hundred_concurrent_bids_leave_one_winner_and_no_lost_money()
    {
        await using var ledger = await CommitterLedger.StartAsync(T0);
        await ledger.SetUpMarketAsync(Grace);
        var producer = await ledger.ParticipantAsync(ParticipantRole.Producer);
        var meter = await ledger.MeterAsync(producer);
        await ledger.AcceptAsync(ledger.Credit(producer, 10_000));
        var promise = await ledger.AcceptAsync(ledger.Promise(producer, meter.Agent.Passport.Id, 1_000, Start, End));
        var auction = await ledger.AcceptAsync(ledger.Auction(producer, promise, 100, Deadline));
        var bidders = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => ledger.ParticipantAsync(ParticipantRole.Consumer)));
        await Task.WhenAll(bidders.Select(b => ledger.AcceptAsync(ledger.Credit(b, 1_000))));

        var bids = bidders.Select((b, i) => ledger.Bid(b, auction, 101 + ((i * 37) % 100))).ToArray(); // 100 distinct amounts
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var submissions = bids.Select(bid => Task.Run(async () =>
        {
            await go.Task;
            return await ledger.SubmitAsync(bid);
        })).ToArray();
        go.SetResult();
        var results = await Task.WhenAll(submissions).WaitAsync(CommitterLedger.Timeout);

        Assert.Contains(results, r => r is null);
        Assert.All(results.Where(r => r is not null), r => Assert.Equal(MarketError.BidTooLow, r!.Error));
        var (bestBid, bestBidder, bidCount) = ledger.Read(s => (s.FindAuction(auction)!.BestBid, s.FindAuction(auction)!.BestBidder, s.FindAuction(auction)!.BidCount));
        Assert.Equal(200, bestBid);
        Assert.Equal(results.Count(r => r is null), bidCount);
        var accounts = ledger.Read(s => bidders.Select(b => s.AccountOf(b.PublicKey.Did)).Select(a => (a.Held, a.Total)).ToList());
        Assert.Single(accounts, a => a.Held > 0);
        Assert.Equal(200, accounts.Sum(a => a.Held));
        Assert.All(accounts, a => Assert.Equal(1_000, a.Total));

        ledger.SetClock(Deadline);
        await ledger.Engine.RunMarketDueAsync(Deadline);
        Assert.Equal(bestBidder, ledger.Read(s => s.FindPromise(promise)!.Owner));
        Assert.Equal((99 * 1_000) + 800, ledger.Read(s => bidders.Sum(b => s.AccountOf(b.PublicKey.Did).Total)));
        ledger.AssertMoneyConserved();
    }

    [Fact]
    public async Task The_scheduler_ends_settles_and_checks_once_and_never_lists_an_applied_action_again()
    {
        await using var ledger = await CommitterLedger.StartAsync(T0);

        // The formats of an older log: templates of contract-template/1; the scheduler writes settle/1.
        await ledger.SetUpMarketAsync(Grace, templateFormat: 1);
        var (producer, consumer) = (await ledger.ParticipantAsync(ParticipantRole.Producer), await ledger.ParticipantAsync(ParticipantRole.Consumer));
        await ledger.ParticipantAsync(ParticipantRole.PowerCompany);
        var meter = await ledger.MeterAsync(producer);
        await ledger.AcceptAsync(ledger.Credit(producer, 10_000));
        await ledger.AcceptAsync(ledger.Credit(consumer, 10_000));
        var created = ledger.Promise(producer, meter.Agent.Passport.Id, 1_000, Start, End);
        var promise = await ledger.AcceptAsync(created);
        var auction = await ledger.AcceptAsync(ledger.Auction(producer, promise, 100, Deadline));
        await ledger.AcceptAsync(ledger.Bid(consumer, auction, 250));

        Assert.Empty(ledger.Due(Deadline - 1));
        Assert.Equal([new DueAction(DueActionKind.EndAuction, auction, Deadline)], ledger.Due(Deadline));
        ledger.SetClock(Deadline);
        var applied = await ledger.Engine.RunMarketDueAsync(Deadline);
        Assert.Equal([PayloadTypes.AuctionEnd, PayloadTypes.Settle], applied.Select(r => r.Transaction.Payload.Type));
        Assert.Empty(ledger.Due(Deadline));
        Assert.Empty(await ledger.Engine.RunMarketDueAsync(Deadline));
        Assert.Empty(ledger.Due(End + Grace - 1));

        // The meter delivers the promised 1000 Wh; the check comes at the window's end plus the grace, once.
        ledger.SetClock(End);
        await ledger.IngestAsync(meter, Enumerable.Range(0, 4).Select(i => meter.Next(Start + (i * CommitterLedger.Quarter), 250)).ToArray());
        Assert.Empty(ledger.Due(End + Grace - 1));
        ledger.SetClock(End + Grace);
        var checks = await ledger.Engine.RunMarketDueAsync(End + Grace);
        Assert.Equal([PayloadTypes.DeliveryCheck], checks.Select(r => r.Transaction.Payload.Type));
        Assert.Equal(DeliveryOutcome.Kept, ledger.Read(s => s.FindPromise(promise)!.Outcome));
        Assert.Empty(ledger.Due(long.MaxValue / 2));

        // Rebuilding from the stored log, twice, gives the same state, which lists nothing due, and the
        // contract under the template/1 still renders to the hash its supplier signed.
        var first = (await ledger.RebuildAsync()).Market;
        var second = (await ledger.RebuildAsync()).Market;
        Assert.Equal(ledger.Read(s => s.ComputeHash()), first.ComputeHash());
        Assert.Equal(first.ComputeHash(), second.ComputeHash());
        Assert.Empty(MarketScheduler.Due(first, long.MaxValue / 2));
        var payload = (PromiseCreatePayload)created.Payload;
        Assert.Equal(1, first.Template(ContractKind.Promise, payload.Template)!.FormatVersion);
        Assert.Equal(payload.Contract, ContractRenderer.Hash(ContractRenderer.RenderPromise(first.Template(ContractKind.Promise, payload.Template)!, payload, first.Tariff(payload.Tariff)!)));
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_a_settlement_settles_it_exactly_once()
    {
        using var disk = await TmpfsMount.MountAsync(4);
        await using var ledger = await CommitterLedger.StartAsync(T0, disk.Combine("data"));
        await ledger.SetUpMarketAsync(Grace);
        var (producer, consumer) = (await ledger.ParticipantAsync(ParticipantRole.Producer), await ledger.ParticipantAsync(ParticipantRole.Consumer));
        var meter = await ledger.MeterAsync(producer);
        await ledger.AcceptAsync(ledger.Credit(producer, 10_000));
        await ledger.AcceptAsync(ledger.Credit(consumer, 10_000));
        var promise = await ledger.AcceptAsync(ledger.Promise(producer, meter.Agent.Passport.Id, 1_000, Start, End));
        var auction = await ledger.AcceptAsync(ledger.Auction(producer, promise, 100, Deadline));
        await ledger.AcceptAsync(ledger.Bid(consumer, auction, 250));
        ledger.SetClock(Deadline);
        await ledger.AcceptAsync(ledger.ByGridAuthority(new AuctionEndPayload { Auction = auction, AtMs = Deadline }));

        // Crash 1: the disk is full, the settlement's commit fails, and the ledger stops before it reaches the log.
        var failed = new TaskCompletionSource<StoreFault>(TaskCreationOptions.RunContinuationsAsynchronously);
        ledger.Engine.StoreFailed += (_, fault) => failed.TrySetResult(fault);
        Assert.True(disk.Fill() > 0);
        var settling = ledger.Engine.RunMarketDueAsync(Deadline + 1);
        Assert.Equal(StoreFaultCauses.DiskFull, (await failed.Task.WaitAsync(CommitterLedger.Timeout)).Cause);
        Assert.Equal(AuctionStatus.Ended, ledger.Read(s => s.FindAuction(auction)!.Status));
        await ledger.StopEngineAsync();
        await Assert.ThrowsAsync<LedgerUnavailableException>(() => settling);
        disk.Free();

        await ledger.StartEngineAsync();
        Assert.Equal([new DueAction(DueActionKind.Settle, auction, Deadline)], ledger.Due(Deadline + 2));

        // Crash 2: the settlement is durable; acknowledged or not, the restarted ledger has it from its log, once.
        Assert.Equal([PayloadTypes.Settle], (await ledger.Engine.RunMarketDueAsync(Deadline + 2)).Select(r => r.Transaction.Payload.Type));
        await ledger.RestartAsync();
        Assert.Equal(AuctionStatus.Settled, ledger.Read(s => s.FindAuction(auction)!.Status));
        Assert.Empty(ledger.Due(Deadline + 3));
        Assert.Empty(await ledger.Engine.RunMarketDueAsync(Deadline + 3));

        // The winner's own settlement, arriving late, is refused: settled exactly once.
        ledger.SetClock(Deadline + 4);
        var late = MarketTransaction.Create(new SettlePayload { Auction = auction, Promise = promise, Buyer = consumer.PublicKey.Did, Seller = producer.PublicKey.Did, Price = 250, AtMs = Deadline + 4 }, consumer)
            .Countersign(producer).Countersign(ledger.GridAuthority);
        Assert.Equal(MarketError.AlreadySettled, await ledger.RefuseAsync(late));
        Assert.Equal(10_000 - 250, ledger.Read(s => s.AccountOf(consumer.PublicKey.Did).Available));
        Assert.Equal(10_000 - 300 + 250, ledger.Read(s => s.AccountOf(producer.PublicKey.Did).Available));
    }

    [Fact]
    public async Task The_rebuild_refuses_a_log_whose_entry_breaks_a_rule()
    {
        await using var ledger = await CommitterLedger.StartAsync(T0);
        await ledger.SetUpMarketAsync(Grace);
        var consumer = await ledger.ParticipantAsync(ParticipantRole.Consumer);
        await ledger.AcceptAsync(ledger.Credit(consumer, 5, "dup"));
        Assert.Equal(MarketError.DuplicateReference, await ledger.RefuseAsync(ledger.Credit(consumer, 6, "dup")));
        await ledger.StopEngineAsync();

        // The same credit written around the committer, as a bug or an intruder with the key would: the tree is
        // consistent, the rules are not.
        var forged = ledger.Credit(consumer, 6, "dup").ToBytes();
        using (var store = ledger.Data.OpenStore())
        {
            var index = store.Size;
            var tree = await CompactRange.LoadAsync(store, index);
            var batch = new LedgerBatch();
            var leaf = Rfc6962.HashLeaf(forged);
            batch.Entries.Add(new StoredEntry(index, EntryKind.Market, forged, leaf, null, 0));
            tree.Append(leaf, batch.Nodes);
            await store.CommitAsync(batch);

            var error = await Assert.ThrowsAsync<LedgerIntegrityException>(() => LedgerEngine.RebuildAsync(store, ledger.GridAuthority.PublicKey.Did));
            Assert.Contains($"entry {index}", error.Message, StringComparison.Ordinal);
            Assert.Contains(nameof(MarketError.DuplicateReference), error.Message, StringComparison.Ordinal);
        }

        await Assert.ThrowsAsync<LedgerIntegrityException>(ledger.StartEngineAsync);
    }
}
