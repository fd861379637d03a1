using static Dream.Market.Tests.MarketFixture;

namespace Dream.Market.Tests;

public sealed class DeliveryAndFungibilityTests : IDisposable
{
    private const long Start = T0 + (4 * Hour);
    private const long End = T0 + (5 * Hour);
    private const long Due = End + GraceMs;
    private readonly MarketFixture _m = new();

    public DeliveryAndFungibilityTests()
    {
        _m.Accept(_m.Credit(_m.Producer, 10_000));
        _m.Accept(_m.Credit(_m.Prosumer, 10_000));
    }

    public void Dispose() => _m.Dispose();

    [Fact]
    public void Kept_the_deposit_returns_minus_the_grid_fee()
    {
        var id = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 2_000, Start, End)).Id; // deposit 600, fee 20
        _m.DeliverReadings(_m.ProducerMeter, _m.ProducerPassport, Start, 500, 600, 500, 700);
        Assert.Equal(MarketError.DeliveryNotDue, _m.Refuse(_m.Check(id, Due - 1)));
        _m.Accept(_m.Check(id, Due));
        var promise = _m.State.FindPromise(id)!;
        Assert.Equal(DeliveryOutcome.Kept, promise.Outcome);
        Assert.Equal(2_000, promise.DeliveredWh);
        Assert.Equal(10_000 - 20, _m.State.AccountOf(_m.Producer.PublicKey.Did).Available);
        Assert.Equal(0, _m.State.AccountOf(_m.PowerCompany.PublicKey.Did).Available);
        Assert.Equal(20, _m.State.FeesCollected);
        Assert.Equal(MarketError.PromiseClosed, _m.Refuse(_m.Check(id, Due + 1)));
        _m.AssertMoneyConserved();
    }

    [Fact]
    public void Broken_without_any_reading_the_deposit_minus_fee_goes_to_the_power_company()
    {
        var id = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 2_000, Start, End)).Id;
        _m.Accept(_m.Check(id, Due));
        var promise = _m.State.FindPromise(id)!;
        Assert.Equal(DeliveryOutcome.Broken, promise.Outcome);
        Assert.Equal(580, _m.State.AccountOf(_m.PowerCompany.PublicKey.Did).Available);
        Assert.Equal(10_000 - 600, _m.State.AccountOf(_m.Producer.PublicKey.Did).Available);
        _m.AssertMoneyConserved();
    }

    [Fact]
    public void Partial_and_missing_readings_split_the_deposit_pro_rata_rounding_down_for_the_supplier()
    {
        var id = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 2_000, Start, End)).Id; // net 580
        _m.DeliverReadings(_m.ProducerMeter, _m.ProducerPassport, Start, 400, -1, 300, 33); // one quarter missing: 733 Wh
        var measured = _m.Metering.ExportInWindow(_m.ProducerPassport, Start, End);
        Assert.Equal(new MeteredExport(733, false), measured);
        _m.Accept(_m.Check(id, Due));
        var promise = _m.State.FindPromise(id)!;
        Assert.Equal(DeliveryOutcome.Partial, promise.Outcome);
        Assert.Equal(212, promise.RefundedToSupplier); // floor(580 x 733 / 2000) = floor(212.57)
        Assert.Equal(368, promise.PaidToPowerCompany);
        Assert.Equal(368, _m.State.AccountOf(_m.PowerCompany.PublicKey.Did).Available);
        _m.AssertMoneyConserved();
    }

    [Fact]
    public void The_check_must_state_what_the_signed_readings_say()
    {
        var id = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 2_000, Start, End)).Id;
        _m.DeliverReadings(_m.ProducerMeter, _m.ProducerPassport, Start, 500, 500, 500, 500);
        var honest = (DeliveryCheckPayload)_m.Check(id, Due).Payload;
        Assert.Equal(MarketError.MeteringMismatch, _m.Refuse(MarketTransaction.Create(honest with { MeasuredWh = 1_999 }, _m.GridAuthority)));
        Assert.Equal(MarketError.MeteringMismatch, _m.Refuse(MarketTransaction.Create(honest with { Complete = false }, _m.GridAuthority)));
        Assert.Equal(MarketError.MeteringMismatch, _m.Refuse(MarketTransaction.Create(honest with { PowerCompany = _m.Consumer.PublicKey.Did }, _m.GridAuthority)));
        Assert.Equal(MarketError.SignerMismatch, _m.Refuse(MarketTransaction.Create(honest, _m.Producer)));
        _m.Accept(MarketTransaction.Create(honest, _m.GridAuthority));
    }

    [Fact]
    public void Promises_on_one_window_never_count_the_same_energy_twice()
    {
        var a = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, Start, End)).Id;
        var b = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, Start, End, at: T0 + 1)).Id;
        _m.DeliverReadings(_m.ProducerMeter, _m.ProducerPassport, Start, 300, 300, 300, 300); // 1200 Wh for 2000 promised
        _m.Accept(_m.Check(a, Due));
        _m.Accept(_m.Check(b, Due));
        Assert.Equal(1_000, _m.State.FindPromise(a)!.DeliveredWh);
        Assert.Equal(200, _m.State.FindPromise(b)!.DeliveredWh);
        Assert.Equal(DeliveryOutcome.Partial, _m.State.FindPromise(b)!.Outcome);
        _m.AssertMoneyConserved();
    }

    [Fact]
    public void Split_parts_sum_exactly_and_share_the_deposit_exactly()
    {
        var id = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 1_001, Start, End)).Id; // deposit 301, fee 11
        var split = (Func<long[], MarketTransaction>)(parts => MarketTransaction.Create(new PromiseSplitPayload { Promise = id, Owner = _m.Producer.PublicKey.Did, Parts = parts, AtMs = T0 + 1 }, _m.Producer));
        Assert.Equal(MarketError.FungibilityMismatch, _m.Refuse(split([500, 500])));
        Assert.Equal(MarketError.NotOwner, _m.Refuse(MarketTransaction.Create(new PromiseSplitPayload { Promise = id, Owner = _m.Prosumer.PublicKey.Did, Parts = [1, 1_000], AtMs = T0 }, _m.Prosumer)));
        var tx = _m.Accept(split([334, 333, 334]));
        Assert.Equal(PromiseStatus.Split, _m.State.FindPromise(id)!.Status);
        var parts = Enumerable.Range(0, 3).Select(i => _m.State.FindPromise(Rules.MarketRules.DerivedPromiseId(tx.Id, i))!).ToList();
        Assert.Equal([334L, 333, 334], parts.Select(p => p.AmountWh));
        Assert.Equal(301, parts.Sum(p => p.Deposit));
        Assert.Equal(11, parts.Sum(p => p.Fee));
        Assert.Equal(MarketError.PromiseClosed, _m.Refuse(split([1, 1_000])));

        // Merge two parts back: same owner, supplier, window.
        var merge = _m.Accept(MarketTransaction.Create(new PromiseMergePayload { Owner = _m.Producer.PublicKey.Did, Promises = [parts[0].Id, parts[1].Id], AtMs = T0 + 2 }, _m.Producer));
        var merged = _m.State.FindPromise(Rules.MarketRules.DerivedPromiseId(merge.Id, 0))!;
        Assert.Equal(667, merged.AmountWh);
        Assert.Equal(parts[0].Deposit + parts[1].Deposit, merged.Deposit);
        Assert.Equal(MarketError.PromiseExpired, _m.Refuse(MarketTransaction.Create(new PromiseMergePayload { Owner = _m.Producer.PublicKey.Did, Promises = [merged.Id, parts[2].Id], AtMs = Start }, _m.Producer)));
        _m.AssertMoneyConserved();
    }

    [Fact]
    public void Merge_refuses_promises_of_another_window_or_owner()
    {
        var a = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, Start, End)).Id;
        var b = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, End, End + Hour)).Id;
        var c = _m.Accept(_m.Promise(_m.Prosumer, _m.ProsumerPassport, 1_000, Start, End)).Id;
        Assert.Equal(MarketError.FungibilityMismatch, _m.Refuse(MarketTransaction.Create(new PromiseMergePayload { Owner = _m.Producer.PublicKey.Did, Promises = [a, b], AtMs = T0 }, _m.Producer)));
        Assert.Equal(MarketError.NotOwner, _m.Refuse(MarketTransaction.Create(new PromiseMergePayload { Owner = _m.Producer.PublicKey.Did, Promises = [a, c], AtMs = T0 }, _m.Producer)));
    }

    [Fact]
    public void Substitution_covers_a_suppliers_promise_with_promises_it_holds_from_others()
    {
        _m.Accept(_m.Credit(_m.Consumer, 10_000));
        var own = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, Start, End)).Id;
        var other = _m.Accept(_m.Promise(_m.Prosumer, _m.ProsumerPassport, 1_000, Start, End)).Id;

        // The consumer buys the producer's promise; the producer buys the prosumer's.
        var a1 = _m.Accept(_m.Auction(own, _m.Producer, 10, T0 + Hour)).Id;
        var a2 = _m.Accept(_m.Auction(other, _m.Prosumer, 10, T0 + Hour)).Id;
        _m.Accept(_m.Bid(a1, _m.Consumer, 400));
        _m.Accept(_m.Bid(a2, _m.Producer, 300));
        foreach (var auction in new[] { a1, a2 })
        {
            _m.Accept(_m.EndAuction(auction, T0 + Hour));
            _m.Accept(MarketTransaction.Create(_m.SettlePayload(auction, T0 + Hour), _m.GridAuthority));
        }

        var substitute = (Func<string, Dream.Crypto.Ed25519PrivateKey, IReadOnlyList<string>, MarketTransaction>)((p, k, cover) =>
            MarketTransaction.Create(new PromiseSubstitutePayload { Promise = p, Supplier = k.PublicKey.Did, Cover = cover, AtMs = T0 + (2 * Hour) }, k));
        Assert.Equal(MarketError.NotOwner, _m.Refuse(substitute(own, _m.Prosumer, [other])));
        Assert.Equal(MarketError.NotOwner, _m.Refuse(substitute(own, _m.Producer, [own])));
        var mine = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, Start, End, at: T0 + 7)).Id;
        Assert.Equal(MarketError.FungibilityMismatch, _m.Refuse(substitute(own, _m.Producer, [mine])));
        _m.Accept(substitute(own, _m.Producer, [other]));

        Assert.Equal(PromiseStatus.Substituted, _m.State.FindPromise(own)!.Status);
        Assert.Equal(_m.Consumer.PublicKey.Did, _m.State.FindPromise(other)!.Owner);
        Assert.Equal(300, _m.State.AccountOf(_m.Producer.PublicKey.Did).Escrowed); // only the deposit of `mine`
        Assert.Equal(10_000 - 300 - 10 + 400 - 300, _m.State.AccountOf(_m.Producer.PublicKey.Did).Available);
        Assert.Equal(MarketError.PromiseClosed, _m.Refuse(_m.Check(own, Due)));
        _m.AssertMoneyConserved();
    }
}
