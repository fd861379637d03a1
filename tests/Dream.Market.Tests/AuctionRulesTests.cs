using static Dream.Market.Tests.MarketFixture;

namespace Dream.Market.Tests;

public sealed class AuctionRulesTests : IDisposable
{
    private const long Deadline = T0 + (3 * Hour);
    private readonly MarketFixture _m = new();
    private readonly string _promise;

    public AuctionRulesTests()
    {
        _m.Accept(_m.Credit(_m.Producer, 10_000));
        _m.Accept(_m.Credit(_m.Consumer, 10_000));
        _m.Accept(_m.Credit(_m.Consumer2, 10_000));
        _promise = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 2_000, T0 + (4 * Hour), T0 + (5 * Hour))).Id;
    }

    public void Dispose() => _m.Dispose();

    [Fact]
    public void Only_the_owner_may_auction_never_the_grid_authority_and_the_deadline_precedes_delivery()
    {
        Assert.Equal(MarketError.NotOwner, _m.Refuse(_m.Auction(_promise, _m.Consumer, 100, Deadline)));
        Assert.Equal(MarketError.RoleNotAllowed, _m.Refuse(_m.Auction(_promise, _m.GridAuthority, 100, Deadline)));
        Assert.Equal(MarketError.UnknownPromise, _m.Refuse(_m.Auction(new string('9', 64), _m.Producer, 100, Deadline)));
        Assert.Equal(MarketError.InvalidDeadline, _m.Refuse(_m.Auction(_promise, _m.Producer, 100, T0 + (4 * Hour) + 1)));
        Assert.Equal(MarketError.InvalidDeadline, _m.Refuse(_m.Auction(_promise, _m.Producer, 100, T0)));
        Assert.Equal(MarketError.PromiseExpired, _m.Refuse(_m.Auction(_promise, _m.Producer, 100, T0 + (5 * Hour), at: T0 + (4 * Hour))));
        var payload = _m.AuctionPayload(_promise, _m.Producer, 100, Deadline);
        Assert.Equal(MarketError.ContractMismatch, _m.Refuse(MarketTransaction.Create(payload with { BasePrice = 99 }, _m.Producer)));
        Assert.Equal(MarketError.SignerMismatch, _m.Refuse(MarketTransaction.Create(payload, _m.Consumer)));
        _m.Accept(_m.Auction(_promise, _m.Producer, 100, T0 + (4 * Hour)));
        Assert.Equal(MarketError.PromiseInAuction, _m.Refuse(_m.Auction(_promise, _m.Producer, 100, Deadline, at: T0 + 1)));
    }

    [Fact]
    public void Bids_are_strictly_above_base_then_best_held_and_the_outbid_hold_is_released()
    {
        var auction = _m.Accept(_m.Auction(_promise, _m.Producer, 100, Deadline)).Id;
        Assert.Equal(MarketError.BidTooLow, _m.Refuse(_m.Bid(auction, _m.Consumer, 100)));
        _m.Accept(_m.Bid(auction, _m.Consumer, 101));
        Assert.Equal(101, _m.State.AccountOf(_m.Consumer.PublicKey.Did).Held);
        Assert.Equal(MarketError.BidTooLow, _m.Refuse(_m.Bid(auction, _m.Consumer2, 101)));
        _m.Accept(_m.Bid(auction, _m.Consumer2, 150));
        Assert.Equal(0, _m.State.AccountOf(_m.Consumer.PublicKey.Did).Held);
        Assert.Equal(10_000, _m.State.AccountOf(_m.Consumer.PublicKey.Did).Available);
        Assert.Equal(150, _m.State.AccountOf(_m.Consumer2.PublicKey.Did).Held);

        // Raising one's own best bid re-holds the difference only.
        _m.Accept(_m.Bid(auction, _m.Consumer2, 10_000, at: T0 + 1));
        Assert.Equal(10_000, _m.State.AccountOf(_m.Consumer2.PublicKey.Did).Held);
        Assert.Equal(0, _m.State.AccountOf(_m.Consumer2.PublicKey.Did).Available);
        Assert.Equal(MarketError.InsufficientFunds, _m.Refuse(_m.Bid(auction, _m.Consumer, 10_001)));
        _m.AssertMoneyConserved();
    }

    [Fact]
    public void The_grid_authority_the_owner_and_strangers_may_not_bid_nor_anyone_after_the_deadline()
    {
        var auction = _m.Accept(_m.Auction(_promise, _m.Producer, 100, Deadline)).Id;
        Assert.Equal(MarketError.RoleNotAllowed, _m.Refuse(_m.Bid(auction, _m.GridAuthority, 200)));
        Assert.Equal(MarketError.RoleNotAllowed, _m.Refuse(_m.Bid(auction, _m.Producer, 200)));
        Assert.Equal(MarketError.NotRegistered, _m.Refuse(_m.Bid(auction, _m.NewKey(), 200)));
        Assert.Equal(MarketError.UnknownAuction, _m.Refuse(_m.Bid(new string('8', 64), _m.Consumer, 200)));
        Assert.Equal(MarketError.DeadlinePassed, _m.Refuse(_m.Bid(auction, _m.Consumer, 200, at: Deadline)));
        _m.Accept(_m.Bid(auction, _m.Consumer, 200, at: Deadline - 1));
        Assert.Equal(MarketError.SignerMismatch, _m.Refuse(MarketTransaction.Create(_m.Bid(auction, _m.Consumer2, 300).Payload, _m.Consumer)));
    }

    [Fact]
    public void The_auction_ends_at_the_deadline_and_the_winner_settles_with_all_three_signatures()
    {
        var auction = _m.Accept(_m.Auction(_promise, _m.Producer, 100, Deadline)).Id;
        _m.Accept(_m.Bid(auction, _m.Consumer, 500));
        Assert.Equal(MarketError.AuctionNotEnded, _m.Refuse(MarketTransaction.Create(_m.SettlePayload(auction, Deadline), _m.GridAuthority)));
        Assert.Equal(MarketError.DeadlineNotReached, _m.Refuse(_m.EndAuction(auction, Deadline - 1)));
        Assert.Equal(MarketError.SignerMismatch, _m.Refuse(MarketTransaction.Create(new AuctionEndPayload { Auction = auction, AtMs = Deadline }, _m.Producer)));
        _m.Accept(_m.EndAuction(auction, Deadline));
        Assert.Equal(MarketError.AuctionClosed, _m.Refuse(_m.EndAuction(auction, Deadline + 1)));
        Assert.Equal(MarketError.AuctionClosed, _m.Refuse(_m.Bid(auction, _m.Consumer2, 900, at: Deadline - 2)));

        var settle = _m.SettlePayload(auction, Deadline + 5);
        Assert.Equal(MarketError.SignerMismatch, _m.Refuse(MarketTransaction.Create(settle, _m.Consumer).Countersign(_m.GridAuthority)));
        Assert.Equal(MarketError.SignerMismatch, _m.Refuse(MarketTransaction.Create(settle, _m.Consumer).Countersign(_m.Producer)));
        Assert.Equal(MarketError.SettlementMismatch, _m.Refuse(MarketTransaction.Create(settle with { Price = 499 }, _m.GridAuthority)));
        Assert.Equal(MarketError.SettlementMismatch, _m.Refuse(MarketTransaction.Create(settle with { Buyer = _m.Consumer2.PublicKey.Did }, _m.GridAuthority)));
        _m.Accept(MarketTransaction.Create(settle, _m.Consumer).Countersign(_m.Producer).Countersign(_m.GridAuthority));

        var promise = _m.State.FindPromise(_promise)!;
        Assert.Equal(_m.Consumer.PublicKey.Did, promise.Owner);
        Assert.Null(promise.AuctionId);
        Assert.Equal(AuctionStatus.Settled, _m.State.FindAuction(auction)!.Status);
        Assert.Equal(0, _m.State.AccountOf(_m.Consumer.PublicKey.Did).Held);
        Assert.Equal(9_500, _m.State.AccountOf(_m.Consumer.PublicKey.Did).Available);
        Assert.Equal(10_000 - 600 + 500, _m.State.AccountOf(_m.Producer.PublicKey.Did).Available);
        Assert.Equal(MarketError.AlreadySettled, _m.Refuse(MarketTransaction.Create(settle with { AtMs = Deadline + 6 }, _m.GridAuthority)));

        // The new owner may resell; the old one may not.
        Assert.Equal(MarketError.NotOwner, _m.Refuse(_m.Auction(_promise, _m.Producer, 100, T0 + (4 * Hour), at: Deadline + 10)));
        _m.Accept(_m.Auction(_promise, _m.Consumer, 100, T0 + (4 * Hour), at: Deadline + 10));
        _m.AssertMoneyConserved();
    }

    [Fact]
    public void An_auction_without_bids_ends_without_winner_and_frees_the_promise()
    {
        var auction = _m.Accept(_m.Auction(_promise, _m.Producer, 100, Deadline)).Id;
        _m.Accept(_m.EndAuction(auction, Deadline));
        Assert.Equal(MarketError.NoWinner, _m.Refuse(MarketTransaction.Create(new SettlePayload { Auction = auction, Promise = _promise, Buyer = _m.Consumer.PublicKey.Did, Seller = _m.Producer.PublicKey.Did, Price = 1, AtMs = Deadline }, _m.GridAuthority)));
        Assert.Null(_m.State.FindPromise(_promise)!.AuctionId);
        _m.Accept(_m.Auction(_promise, _m.Producer, 50, T0 + (4 * Hour), at: Deadline));
    }
}
