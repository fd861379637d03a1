using static Dream.Market.Tests.MarketFixture;

namespace Dream.Market.Tests;

public sealed class PromiseRulesTests : IDisposable
{
    private readonly MarketFixture _m = new();

    public PromiseRulesTests()
    {
        _m.Accept(_m.Credit(_m.Producer, 100_000));
        _m.Accept(_m.Credit(_m.Prosumer, 100_000));
        _m.Accept(_m.Credit(_m.PowerCompany, 100_000));
        _m.Accept(_m.Credit(_m.Consumer, 100_000));
        _m.Accept(_m.Credit(_m.Agency, 100_000));
    }

    public void Dispose() => _m.Dispose();

    [Fact]
    public void Producer_prosumer_and_power_company_may_create_a_promise_and_the_deposit_moves_to_escrow()
    {
        var tx = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 2_500, T0 + Hour, T0 + (2 * Hour)));
        _m.Accept(_m.Promise(_m.Prosumer, _m.ProsumerPassport, 1_000, T0 + Hour, T0 + (2 * Hour)));
        _m.Accept(_m.Promise(_m.PowerCompany, _m.PowerCompanyPassport, 1_000, T0 + Hour, T0 + (2 * Hour)));

        var promise = _m.State.FindPromise(tx.Id)!;
        Assert.Equal(750, promise.Deposit); // 2.5 kWh x 300
        Assert.Equal(25, promise.Fee); // 2.5 kWh x 10
        Assert.Equal(_m.Producer.PublicKey.Did, promise.Owner);
        var account = _m.State.AccountOf(_m.Producer.PublicKey.Did);
        Assert.Equal(100_000 - 750, account.Available);
        Assert.Equal(750, account.Escrowed);
        _m.AssertMoneyConserved();
    }

    [Fact]
    public void Consumers_agencies_unregistered_parties_and_the_grid_authority_may_not_create_promises()
    {
        var point = Hex(_m.Consumer);
        _m.Registry.AddMeteringPoint(new MeteringPoint(point, _m.Consumer.PublicKey.Did, true, true));
        Assert.Equal(MarketError.RoleNotAllowed, _m.Refuse(_m.Promise(_m.Consumer, point, 1_000, T0 + Hour, T0 + (2 * Hour))));
        Assert.Equal(MarketError.RoleNotAllowed, _m.Refuse(_m.Promise(_m.Agency, point, 1_000, T0 + Hour, T0 + (2 * Hour))));
        var stranger = _m.NewKey();
        Assert.Equal(MarketError.NotRegistered, _m.Refuse(_m.Promise(stranger, point, 1_000, T0 + Hour, T0 + (2 * Hour))));
    }

    [Fact]
    public void A_promise_needs_the_supplier_and_the_grid_authority_signatures()
    {
        var payload = _m.PromisePayload(_m.Producer, _m.ProducerPassport, 1_000, T0 + Hour, T0 + (2 * Hour));
        Assert.Equal(MarketError.SignerMismatch, _m.Refuse(MarketTransaction.Create(payload, _m.Producer)));
        Assert.Equal(MarketError.SignerMismatch, _m.Refuse(MarketTransaction.Create(payload, _m.GridAuthority)));
        Assert.Equal(MarketError.SignerMismatch, _m.Refuse(MarketTransaction.Create(payload, _m.Prosumer).Countersign(_m.GridAuthority)));
        _m.Accept(MarketTransaction.Create(payload, _m.Producer).Countersign(_m.GridAuthority));
    }

    [Theory]
    [InlineData(99, MarketError.AmountOutOfBounds)]
    [InlineData(100, null)]
    [InlineData(1_000_000, null)]
    [InlineData(1_000_001, MarketError.AmountOutOfBounds)]
    public void The_amount_must_be_within_the_tariff_bounds(long amountWh, MarketError? expected)
    {
        _m.Accept(_m.Credit(_m.Producer, 1_000_000));
        var violation = _m.Submit(_m.Promise(_m.Producer, _m.ProducerPassport, amountWh, T0 + Hour, T0 + (2 * Hour)));
        Assert.Equal(expected, violation?.Error);
    }

    [Fact]
    public void The_window_must_be_in_the_future_non_empty_and_on_quarter_hours()
    {
        Assert.Equal(MarketError.InvalidWindow, _m.Refuse(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, T0, T0 + Hour)));
        Assert.Equal(MarketError.InvalidWindow, _m.Refuse(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, T0 - Hour, T0 + Hour)));
        Assert.Equal(MarketError.InvalidWindow, _m.Refuse(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, T0 + Hour, T0 + Hour)));
        Assert.Equal(MarketError.InvalidWindow, _m.Refuse(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, T0 + Hour + 60_000, T0 + (2 * Hour))));
        _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, T0 + 900_000, T0 + 1_800_000));
    }

    [Fact]
    public void The_metering_point_must_be_the_suppliers_active_and_measuring_export()
    {
        var inactive = new string('1', 64);
        var noExport = new string('2', 64);
        _m.Registry.AddMeteringPoint(new MeteringPoint(inactive, _m.Producer.PublicKey.Did, Active: false, MeasuresExport: true));
        _m.Registry.AddMeteringPoint(new MeteringPoint(noExport, _m.Producer.PublicKey.Did, Active: true, MeasuresExport: false));
        Assert.Equal(MarketError.MeteringPointNotUsable, _m.Refuse(_m.Promise(_m.Producer, inactive, 1_000, T0 + Hour, T0 + (2 * Hour))));
        Assert.Equal(MarketError.MeteringPointNotUsable, _m.Refuse(_m.Promise(_m.Producer, noExport, 1_000, T0 + Hour, T0 + (2 * Hour))));
        Assert.Equal(MarketError.MeteringPointNotUsable, _m.Refuse(_m.Promise(_m.Producer, new string('3', 64), 1_000, T0 + Hour, T0 + (2 * Hour))));
        Assert.Equal(MarketError.MeteringPointNotUsable, _m.Refuse(_m.Promise(_m.Producer, _m.ProsumerPassport, 1_000, T0 + Hour, T0 + (2 * Hour))));
    }

    [Fact]
    public void Deposit_funds_contract_and_window_overlap_are_checked()
    {
        var payload = _m.PromisePayload(_m.Producer, _m.ProducerPassport, 1_000, T0 + Hour, T0 + (2 * Hour));
        Assert.Equal(MarketError.DepositMismatch, _m.Refuse(_m.Promise(payload with { Deposit = payload.Deposit - 1 }, _m.Producer)));
        Assert.Equal(MarketError.ContractMismatch, _m.Refuse(_m.Promise(payload with { Contract = new string('f', 64) }, _m.Producer)));
        Assert.Equal(MarketError.TemplateInvalid, _m.Refuse(_m.Promise(payload with { Template = 2 }, _m.Producer)));
        Assert.Equal(MarketError.InsufficientFunds, _m.Refuse(_m.Promise(_m.Producer, _m.ProducerPassport, 400_000, T0 + Hour, T0 + (2 * Hour))));
        _m.Accept(_m.Promise(payload, _m.Producer));
        Assert.Equal(MarketError.DuplicateTransaction, _m.Refuse(_m.Promise(payload, _m.Producer)));
        Assert.Equal(MarketError.WindowOverlap, _m.Refuse(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, T0 + Hour, T0 + (3 * Hour))));
        _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 1_001, T0 + Hour, T0 + (2 * Hour)));
        _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, T0 + (2 * Hour), T0 + (3 * Hour)));
    }

    [Fact]
    public void A_tariff_change_applies_only_to_promises_created_after_it()
    {
        var before = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, T0 + Hour, T0 + (2 * Hour)));
        var stale = _m.PromisePayload(_m.Producer, _m.ProducerPassport, 1_000, T0 + (2 * Hour), T0 + (3 * Hour));
        _m.Accept(_m.Tariff(2, penalty: 500, fee: 20, grace: 5 * Hour));
        Assert.Equal(MarketError.TariffVersion, _m.Refuse(_m.Promise(stale, _m.Producer)));
        var after = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, T0 + (2 * Hour), T0 + (3 * Hour)));

        Assert.Equal(300, _m.State.FindPromise(before.Id)!.Deposit);
        Assert.Equal(1, _m.State.FindPromise(before.Id)!.TariffVersion);
        Assert.Equal(500, _m.State.FindPromise(after.Id)!.Deposit);
        Assert.Equal(20, _m.State.FindPromise(after.Id)!.Fee);

        Assert.Equal(MarketError.TariffVersion, _m.Refuse(_m.Tariff(2)));
        Assert.Equal(MarketError.CurrencyMismatch, _m.Refuse(_m.Tariff(3, currency: "USD")));
        Assert.Equal(MarketError.SignerMismatch, _m.Refuse(MarketTransaction.Create(_m.Tariff(3).Payload, _m.PowerCompany)));
    }

    [Fact]
    public void The_contract_can_be_re_rendered_by_anyone_and_matches_the_signed_hash()
    {
        var tx = _m.Accept(_m.Promise(_m.Producer, _m.ProducerPassport, 1_000, T0 + Hour, T0 + (2 * Hour)));
        var payload = (PromiseCreatePayload)MarketTransaction.Parse(tx.ToBytes()).Payload;
        var template = _m.State.Template(ContractKind.Promise, payload.Template)!;
        var text = ContractRenderer.RenderPromise(template, payload, _m.State.Tariff(payload.Tariff)!);
        Assert.Equal(payload.Contract, ContractRenderer.Hash(text));
        Assert.Contains("promises 1000 Wh from 2027-01-15T09:00:00.000Z to 2027-01-15T10:00:00.000Z", text, StringComparison.Ordinal);
        Assert.Equal([payload.Contract], _m.State.FindPromise(tx.Id)!.Contracts);

        Assert.Equal(MarketError.TemplateInvalid, _m.Refuse(_m.Template(ContractKind.Promise, 3, "v3")));
        _m.Accept(_m.Template(ContractKind.Promise, 2, "Version two: {{supplier}} {{amountWh}}"));
        var v2 = _m.PromisePayload(_m.Producer, _m.ProducerPassport, 1_000, T0 + (2 * Hour), T0 + (3 * Hour)) with { Template = 2 };
        var v2Hash = ContractRenderer.Hash(ContractRenderer.RenderPromise(_m.State.Template(ContractKind.Promise, 2)!, v2, _m.State.CurrentTariff!));
        _m.Accept(_m.Promise(v2 with { Contract = v2Hash }, _m.Producer));
    }

    [Fact]
    public void Deposit_rounding_is_up_and_overflow_is_refused()
    {
        Assert.Equal(1, MarketMath.PerKwhCeiling(1, 1));
        Assert.Equal(301, MarketMath.PerKwhCeiling(1_001, 300));
        Assert.Equal(0, MarketMath.PerKwhCeiling(1_000, 0));
        Assert.Equal(MarketError.AmountOverflow, Assert.Throws<MarketException>(() => MarketMath.PerKwhCeiling(long.MaxValue, 1001)).Error);
        Assert.Equal([3, 3, 4], MarketMath.SplitExactly(10, [1, 1, 1]));
    }

    private static string Hex(Dream.Crypto.Ed25519PrivateKey key) => Dream.Contracts.Hex.Sha256(key.PublicKey.Bytes);
}
