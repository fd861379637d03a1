using Dream.Market.Scheduling;
using static Dream.Market.Tests.MarketFixture;

namespace Dream.Market.Tests;

/// <summary>
/// settle/2: the first signer sets a validity window (at most 24 h) so the other party countersigns at its own
/// pace; before the deadline the two settle at the best bid (the seller accepts it early).
/// </summary>
public sealed class SettlementWindowTests : IDisposable
{
    private const long Deadline = T0 + (3 * Hour);
    private const long Skew = 30_000;
    private readonly MarketFixture _m = new();
    private readonly string _auction;

    public SettlementWindowTests()
    {
        _m.Accept(_m.Credit(_m.Producer, 10_000));
        _m.Accept(_m.Credit(_m.Consumer, 10_000));
        _m.Accept(_m.Credit(_m.Consumer2, 10_000));
        var promise = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 2_000, T0 + (4 * Hour), T0 + (5 * Hour))).Id;
        _auction = _m.Accept(_m.Auction(promise, _m.Producer, 100, Deadline)).Id;
        _m.Accept(_m.Bid(_auction, _m.Consumer, 500));
    }

    public void Dispose() => _m.Dispose();

    [Fact]
    public void A_settle_2_carries_its_window_and_refuses_one_that_is_empty_or_longer_than_24_hours()
    {
        var payload = _m.SettlePayload(_auction, T0 + 10) with { ValidUntilMs = T0 + 10 + SettlePayload.MaxValidityMs };
        var json = Encoding.UTF8.GetString(payload.ToPayload());
        Assert.StartsWith("{\"type\":\"dream.market.settle/2\",\"auction\":", json, StringComparison.Ordinal);
        Assert.EndsWith($",\"price\":500,\"validUntil\":{T0 + 10 + SettlePayload.MaxValidityMs},\"at\":{T0 + 10}}}", json, StringComparison.Ordinal);
        Assert.Equal(payload, MarketPayloadReader.Parse(payload.ToPayload()));

        Assert.Equal(MarketError.InvalidValue, ParseError(json.Replace($"\"validUntil\":{T0 + 10 + SettlePayload.MaxValidityMs}", $"\"validUntil\":{T0 + 11 + SettlePayload.MaxValidityMs}", StringComparison.Ordinal)));
        Assert.Equal(MarketError.InvalidValue, ParseError(json.Replace($"\"validUntil\":{T0 + 10 + SettlePayload.MaxValidityMs}", $"\"validUntil\":{T0 + 10}", StringComparison.Ordinal)));
        Assert.Equal(MarketError.MissingField, ParseError(json.Replace($",\"validUntil\":{T0 + 10 + SettlePayload.MaxValidityMs}", string.Empty, StringComparison.Ordinal)));
        Assert.Equal(MarketError.ExtraField, ParseError(json.Replace("settle/2", "settle/1", StringComparison.Ordinal)));
        Assert.Equal(PayloadTypes.Settle, MarketPayloadReader.Parse(_m.SettlePayload(_auction, T0).ToPayload()).Type);
    }

    [Fact]
    public void The_ledger_admits_a_countersignature_anywhere_in_the_window_and_refuses_it_after()
    {
        var at = T0 + 10;
        var half = MarketTransaction.Create(_m.SettlePayload(_auction, at) with { ValidUntilMs = at + (2 * Hour) }, _m.Producer);
        var whole = half.Countersign(_m.Consumer).Countersign(_m.GridAuthority);

        Assert.Null(MarketRules.CheckFreshness(whole, at + Hour, Skew));
        Assert.Null(MarketRules.CheckFreshness(whole, at + (2 * Hour), Skew));
        Assert.Null(MarketRules.CheckFreshness(whole, at - Skew, Skew));
        var late = MarketRules.CheckFreshness(whole, at + (2 * Hour) + 1, Skew)!;
        Assert.Equal(MarketError.SettlementExpired, late.Error);
        Assert.Contains("valid until", late.Message, StringComparison.Ordinal);
        Assert.Contains("must sign a new one", late.Message, StringComparison.Ordinal);
        Assert.Equal(MarketError.StaleTimestamp, MarketRules.CheckFreshness(whole, at - Skew - 1, Skew)!.Error);

        // settle/1 keeps its rule: every signature within the skew of the first signer's time.
        var old = MarketTransaction.Create(_m.SettlePayload(_auction, at), _m.Producer).Countersign(_m.Consumer).Countersign(_m.GridAuthority);
        Assert.Null(MarketRules.CheckFreshness(old, at + Skew, Skew));
        Assert.Equal(MarketError.StaleTimestamp, MarketRules.CheckFreshness(old, at + Skew + 1, Skew)!.Error);
    }

    [Fact]
    public void Buyer_and_seller_settle_before_the_deadline_at_the_best_bid_and_nothing_is_due_after()
    {
        var whole = MarketTransaction.Create(_m.SettlePayload(_auction, T0 + 10) with { ValidUntilMs = T0 + 10 + Hour }, _m.Producer).Countersign(_m.Consumer);
        Assert.Equal(MarketError.SignerMismatch, _m.Refuse(whole));
        Assert.Equal(MarketError.AuctionNotEnded, _m.Refuse(MarketTransaction.Create(_m.SettlePayload(_auction, T0 + 10), _m.GridAuthority)));

        _m.Accept(whole.Countersign(_m.GridAuthority));

        var auction = _m.State.FindAuction(_auction)!;
        Assert.Equal(AuctionStatus.Settled, auction.Status);
        Assert.Equal(_m.Consumer.PublicKey.Did, _m.State.FindPromise(auction.PromiseId)!.Owner);
        Assert.Equal(10_000 - 600 + 500, _m.State.AccountOf(_m.Producer.PublicKey.Did).Available);
        Assert.Equal(0, _m.State.AccountOf(_m.Consumer.PublicKey.Did).Held);
        Assert.Equal(10_000 - 500, _m.State.AccountOf(_m.Consumer.PublicKey.Did).Available);
        _m.AssertMoneyConserved();
        Assert.Equal(MarketError.AuctionClosed, _m.Refuse(_m.Bid(_auction, _m.Consumer2, 900, at: T0 + 20)));
        Assert.DoesNotContain(MarketScheduler.Due(_m.State, Deadline + 1), d => d.TargetId == _auction);
        Assert.Equal(MarketError.AuctionClosed, _m.Refuse(_m.EndAuction(_auction, Deadline)));
        Assert.Equal(MarketError.DuplicateTransaction, _m.Refuse(whole.Countersign(_m.GridAuthority)));
    }

    [Fact]
    public void A_half_signed_before_a_higher_bid_no_longer_settles()
    {
        var half = MarketTransaction.Create(_m.SettlePayload(_auction, T0 + 10) with { ValidUntilMs = T0 + 10 + Hour }, _m.Producer);
        _m.Accept(_m.Bid(_auction, _m.Consumer2, 600, at: T0 + 20));

        Assert.Equal(MarketError.SettlementMismatch, _m.Refuse(half.Countersign(_m.Consumer).Countersign(_m.GridAuthority)));
        Assert.Equal(AuctionStatus.Open, _m.State.FindAuction(_auction)!.Status);
    }

    private static MarketError ParseError(string json)
    {
        var e = Assert.Throws<MarketException>(() => MarketPayloadReader.Parse(Encoding.UTF8.GetBytes(json)));
        return e.Error;
    }
}
