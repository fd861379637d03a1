using static Dream.Market.Tests.MarketFixture;

namespace Dream.Market.Tests;

public sealed class FreshnessTests : IDisposable
{
    private readonly MarketFixture _m = new();

    public void Dispose() => _m.Dispose();

    [Fact]
    public void Freshness_is_checked_on_admission_against_the_ledger_clock()
    {
        var bid = _m.Bid(new string('a', 64), _m.Consumer, 5, at: T0);
        Assert.Null(MarketRules.CheckFreshness(bid, T0 + 30_000, 30_000));
        Assert.Equal(MarketError.StaleTimestamp, MarketRules.CheckFreshness(bid, T0 + 30_001, 30_000)!.Error);
        Assert.Equal(MarketError.StaleTimestamp, MarketRules.CheckFreshness(bid, T0 - 30_001, 30_000)!.Error);
    }
}
