namespace Dream.Market.Tests;

public sealed class TransactionFormatTests : IDisposable
{
    private readonly MarketFixture _m = new();

    public void Dispose() => _m.Dispose();

    public static TheoryData<string> SamplePayloads()
    {
        const string did = "did:key:z6MkkjGKSmkpM41kUoVJStMMFkDivYBgbKbbF5LWABYLacvF";
        var hash = new string('a', 64);
        var hash2 = new string('b', 64);
        MarketPayload[] payloads =
        [
            new TariffPayload { Version = 1, Currency = "EUR", PenaltyPerKwh = 300, GridFeePerKwh = 10, MinWh = 100, MaxWh = 1000, GraceMs = 5, AtMs = 1 },
            new AccountCreditPayload { Account = did, Amount = 5, Currency = "EUR", Reference = "r+1", AtMs = 2 },
            new AccountDebitPayload { Account = did, Amount = 5, Currency = "EUR", Reference = "r-1", AtMs = 2 },
            new ContractTemplatePayload { Kind = ContractKind.Auction, Version = 1, Text = "€ {{owner}} \"quoted\"", AtMs = 3 },
            new ContractTemplatePayload { Kind = ContractKind.Promise, Version = 1, Text = "{{deposit}} {{currency}}", FormatVersion = 1, AtMs = 3 },
            new PromiseCreatePayload { Supplier = did, Passport = hash, AmountWh = 1000, StartMs = 900_000, EndMs = 1_800_000, Tariff = 1, Deposit = 300, Template = 1, Contract = hash2, AtMs = 4 },
            new AuctionCreatePayload { Promise = hash, Owner = did, BasePrice = 0, DeadlineMs = 10, Template = 1, Contract = hash2, AtMs = 5 },
            new BidPayload { Auction = hash, Bidder = did, Amount = 7, AtMs = 6 },
            new AuctionEndPayload { Auction = hash, AtMs = 7 },
            new SettlePayload { Auction = hash, Promise = hash2, Buyer = did, Seller = did, Price = 7, AtMs = 8 },
            new SettlePayload { Auction = hash, Promise = hash2, Buyer = did, Seller = did, Price = 7, ValidUntilMs = 9, AtMs = 8 },
            new DeliveryCheckPayload { Promise = hash, MeasuredWh = 0, Complete = false, PowerCompany = did, AtMs = 9 },
            new PromiseSplitPayload { Promise = hash, Owner = did, Parts = [1, 2, 3], AtMs = 10 },
            new PromiseMergePayload { Owner = did, Promises = [hash, hash2], AtMs = 11 },
            new PromiseSubstitutePayload { Promise = hash, Supplier = did, Cover = [hash2], AtMs = 12 },
            new PromiseSubstitutePayload { Promise = hash, Supplier = did, Cover = [hash2], TypeVersion = 1, AtMs = 12 },
        ];
        var data = new TheoryData<string>();
        foreach (var payload in payloads)
        {
            data.Add(Encoding.UTF8.GetString(payload.ToPayload()));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SamplePayloads))]
    public void Every_payload_type_round_trips_byte_for_byte(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var parsed = MarketPayloadReader.Parse(bytes);
        Assert.Equal(bytes, parsed.ToPayload());
        Assert.StartsWith($"{{\"type\":\"{parsed.Type}\"", json, StringComparison.Ordinal);
        Assert.EndsWith($",\"at\":{parsed.AtMs}}}", json, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SamplePayloads))]
    public void Every_payload_type_refuses_an_extra_field_a_missing_field_and_a_reordering(string json)
    {
        Assert.Equal(MarketError.ExtraField, Parse(json.Replace("{\"type\"", "{\"x\":1,\"type\"", StringComparison.Ordinal)));
        Assert.Equal(MarketError.MissingField, Parse(json[..json.LastIndexOf(",\"at\":", StringComparison.Ordinal)] + "}"));
        var at = json[(json.LastIndexOf(",\"at\":", StringComparison.Ordinal) + 1)..^1];
        var reordered = "{" + at + "," + json[1..json.LastIndexOf(",\"at\":", StringComparison.Ordinal)] + "}";
        Assert.Equal(MarketError.NotCanonical, Parse(reordered));
        Assert.Equal(MarketError.NotCanonical, Parse(json.Replace(",\"at\":", ", \"at\":", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("1.0", MarketError.WrongType)]
    [InlineData("1e3", MarketError.WrongType)]
    [InlineData("-0", MarketError.WrongType)]
    [InlineData("\"5\"", MarketError.WrongType)]
    [InlineData("99999999999999999999", MarketError.WrongType)]
    [InlineData("0", MarketError.InvalidValue)]
    [InlineData("-5", MarketError.InvalidValue)]
    public void Amounts_are_plain_positive_integers(string amount, MarketError expected)
    {
        var json = $"{{\"type\":\"dream.market.bid/1\",\"auction\":\"{new string('a', 64)}\",\"bidder\":\"{_m.Consumer.PublicKey.Did}\",\"amount\":{amount},\"at\":1}}";
        Assert.Equal(expected, Parse(json));
    }

    [Fact]
    public void Specific_errors_for_bad_values()
    {
        var did = _m.Consumer.PublicKey.Did;
        Assert.Equal(MarketError.UnknownType, Parse("{\"type\":\"dream.market.bid/2\",\"at\":1}"));
        Assert.Equal(MarketError.BadEncoding, Parse("{\"type\":"));
        Assert.Equal(MarketError.ExtraField, Parse($"{{\"type\":\"dream.market.auction-end/1\",\"auction\":\"{new string('a', 64)}\",\"auction\":\"{new string('a', 64)}\",\"at\":1}}"));
        Assert.Equal(MarketError.InvalidValue, Parse($"{{\"type\":\"dream.market.auction-end/1\",\"auction\":\"{new string('A', 64)}\",\"at\":1}}"));
        Assert.Equal(MarketError.InvalidValue, Parse($"{{\"type\":\"dream.market.account-credit/1\",\"account\":\"{did}\",\"amount\":5,\"currency\":\"eur\",\"reference\":\"x\",\"at\":1}}"));
        Assert.Equal(MarketError.InvalidValue, Parse($"{{\"type\":\"dream.market.account-credit/1\",\"account\":\"did:key:zNope\",\"amount\":5,\"currency\":\"EUR\",\"reference\":\"x\",\"at\":1}}"));
        Assert.Equal(MarketError.InvalidValue, Parse($"{{\"type\":\"dream.market.promise-split/1\",\"promise\":\"{new string('a', 64)}\",\"owner\":\"{did}\",\"parts\":[5],\"at\":1}}"));
        Assert.Equal(MarketError.TemplateInvalid, Parse("{\"type\":\"dream.market.contract-template/1\",\"kind\":\"promise\",\"version\":1,\"text\":\"{{nonsense}}\",\"at\":1}"));
    }

    [Fact]
    public void Signatures_are_verified_over_the_exact_bytes()
    {
        var tx = _m.Bid(new string('a', 64), _m.Consumer, 10);
        var parsed = MarketTransaction.Parse(tx.ToBytes());
        Assert.Equal(tx.Id, parsed.Id);
        Assert.Equal(Hex.Sha256(tx.Payload.ToPayload()), parsed.Id);
        Assert.Equal([_m.Consumer.PublicKey.Did], parsed.Signers);

        var other = _m.Bid(new string('a', 64), _m.Consumer, 11);
        var forged = Encoding.UTF8.GetString(tx.ToBytes()).Replace(
            Convert.ToBase64String(tx.Envelope.Payload.Span), Convert.ToBase64String(other.Envelope.Payload.Span), StringComparison.Ordinal);
        var e = Assert.Throws<MarketException>(() => MarketTransaction.Parse(Encoding.UTF8.GetBytes(forged)));
        Assert.Equal(MarketError.BadSignature, e.Error);

        var twice = tx.Countersign(_m.Consumer);
        Assert.Equal(MarketError.SignerMismatch, Assert.Throws<MarketException>(() => MarketTransaction.Parse(twice.ToBytes())).Error);
        Assert.Equal(MarketError.NotEnvelope, Assert.Throws<MarketException>(() => MarketTransaction.Parse("[]"u8.ToArray())).Error);
    }

    private static MarketError Parse(string json) =>
        Assert.Throws<MarketException>(() => MarketPayloadReader.Parse(Encoding.UTF8.GetBytes(json))).Error;
}
