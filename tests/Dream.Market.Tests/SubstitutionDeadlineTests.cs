using static Dream.Market.Tests.MarketFixture;

namespace Dream.Market.Tests;

/// <summary>
/// A supplier may substitute its promise until the promise's delivery window starts (the deadline, exclusive);
/// <c>promise-substitute/1</c> entries, signed before there was a deadline, replay as they were accepted.
/// </summary>
public sealed class SubstitutionDeadlineTests : IDisposable
{
    private const long Start = T0 + (4 * Hour);
    private const long End = T0 + (5 * Hour);
    private readonly MarketFixture _m = new(setUp: false);
    private readonly List<MarketTransaction> _log = [];

    public SubstitutionDeadlineTests()
    {
        Log(_m.Tariff(1));
        Log(_m.Template(ContractKind.Promise, 1, PromiseTemplateText));
        Log(_m.Template(ContractKind.Auction, 1, AuctionTemplateText));
    }

    public void Dispose() => _m.Dispose();

    [Fact]
    public void The_deadline_is_the_start_of_the_window()
    {
        var (own, _) = TradeOwnAndCover();
        Assert.Equal(Start, MarketRules.SubstitutionDeadlineMs(_m.State.FindPromise(own)!));
    }

    [Fact]
    public void A_substitution_one_millisecond_before_the_window_starts_is_accepted()
    {
        var (own, cover) = TradeOwnAndCover();

        Log(Substitute(own, [cover], Start - 1));

        Assert.Equal(PromiseStatus.Substituted, _m.State.FindPromise(own)!.Status);
        Assert.Equal(_m.Consumer.PublicKey.Did, _m.State.FindPromise(cover)!.Owner);
        _m.AssertMoneyConserved();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Hour)]
    [InlineData(Hour + GraceMs)]
    public void A_substitution_at_or_after_the_window_start_is_refused_and_names_the_deadline_in_utc(long afterStart)
    {
        var (own, cover) = TradeOwnAndCover();

        var violation = _m.Submit(Substitute(own, [cover], Start + afterStart));

        Assert.Equal(MarketError.SubstitutionDeadlinePassed, violation!.Error);
        Assert.Contains("could be substituted until 2027-01-15T12:00:00Z, the start of its delivery window", violation.Message, StringComparison.Ordinal);
        Assert.Equal(PromiseStatus.Open, _m.State.FindPromise(own)!.Status);
        Assert.Equal(_m.Producer.PublicKey.Did, _m.State.FindPromise(cover)!.Owner);
    }

    [Fact]
    public void A_late_substitution_1_in_an_existing_log_replays_and_the_ledger_admits_no_new_one()
    {
        var (own, cover) = TradeOwnAndCover();
        var late = Substitute(own, [cover], Start + Hour, typeVersion: 1);
        Assert.StartsWith($"{{\"type\":\"{PayloadTypes.PromiseSubstitute}\",", Encoding.UTF8.GetString(late.Payload.ToPayload()), StringComparison.Ordinal);

        // Admission: a /1 is refused before any rule; a /2 at its own time passes the clock check.
        var refused = MarketRules.CheckFreshness(late, Start + Hour, 30_000)!;
        Assert.Equal(MarketError.UnknownType, refused.Error);
        Assert.Contains(PayloadTypes.PromiseSubstitute2, refused.Message, StringComparison.Ordinal);
        Assert.Null(MarketRules.CheckFreshness(Substitute(own, [cover], Start - 1), Start - 1, 30_000));

        // Replay: the rules apply the /1 entry as they accepted it, with no deadline.
        Log(late);
        Assert.Equal(PromiseStatus.Substituted, _m.State.FindPromise(own)!.Status);
        Assert.Equal(_m.State.ComputeHash(), Replay().ComputeHash());
    }

    [Fact]
    public void Replaying_the_log_applies_the_deadline_identically()
    {
        var (own, cover) = TradeOwnAndCover();
        var tooLate = Substitute(own, [cover], Start);
        Assert.Equal(MarketError.SubstitutionDeadlinePassed, _m.Refuse(tooLate));
        Log(Substitute(own, [cover], Start - 1));

        var replayed = Replay();

        Assert.Equal(_m.State.ComputeHash(), replayed.ComputeHash());
        Assert.Equal(MarketError.DuplicateTransaction, MarketRules.Validate(replayed, _log[^1], _m.Context)!.Error);
        Assert.Equal(MarketError.PromiseClosed, MarketRules.Validate(replayed, tooLate, _m.Context)!.Error);
    }

    /// <summary>
    /// The producer's own promise, bought by the consumer, and a prosumer's promise for the same window bought by
    /// the producer (the cover), both auctions settled an hour after T0; every entry is logged.
    /// </summary>
    private (string Own, string Cover) TradeOwnAndCover()
    {
        Log(_m.Credit(_m.Producer, 10_000));
        Log(_m.Credit(_m.Prosumer, 10_000));
        Log(_m.Credit(_m.Consumer, 10_000));
        var own = Log(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, Start, End)).Id;
        var cover = Log(_m.Promise(_m.Prosumer, _m.ProsumerPassport, 1_000, Start, End)).Id;
        var sold = Log(_m.Auction(own, _m.Producer, 10, T0 + Hour)).Id;
        var bought = Log(_m.Auction(cover, _m.Prosumer, 10, T0 + Hour)).Id;
        Log(_m.Bid(sold, _m.Consumer, 400));
        Log(_m.Bid(bought, _m.Producer, 300));
        foreach (var auction in new[] { sold, bought })
        {
            Log(_m.EndAuction(auction, T0 + Hour));
            Log(MarketTransaction.Create(_m.SettlePayload(auction, T0 + Hour), _m.GridAuthority));
        }

        return (own, cover);
    }

    private MarketTransaction Substitute(string promise, IReadOnlyList<string> cover, long at, int typeVersion = PromiseSubstitutePayload.LatestTypeVersion) =>
        MarketTransaction.Create(new PromiseSubstitutePayload { Promise = promise, Supplier = _m.Producer.PublicKey.Did, Cover = cover, TypeVersion = typeVersion, AtMs = at }, _m.Producer);

    private MarketTransaction Log(MarketTransaction transaction)
    {
        _log.Add(_m.Accept(transaction));
        return transaction;
    }

    /// <summary>The logged entries through the rules into a new state, as the ledger's replay does (parse, then TryApply).</summary>
    private MarketState Replay()
    {
        var state = new MarketState();
        foreach (var entry in _log)
        {
            var violation = MarketRules.TryApply(state, MarketTransaction.Parse(entry.ToBytes()), _m.Context);
            Assert.True(violation is null, $"{entry.Payload.Type} does not replay: {violation}");
        }

        return state;
    }
}
