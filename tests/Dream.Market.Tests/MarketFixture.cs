namespace Dream.Market.Tests;

/// <summary>A market with a grid authority, a power company, a producer, a prosumer and consumers, a tariff and templates.</summary>
public sealed class MarketFixture : IDisposable
{
    public const long T0 = 1_800_000_000_000; // a quarter-hour boundary
    public const long Hour = 3_600_000;
    public const long PenaltyPerKwh = 300;
    public const long GridFeePerKwh = 10;
    public const long GraceMs = 2 * Hour;
    public const string PromiseTemplateText = "{{supplier}} promises {{amountWh}} Wh from {{startUtc}} to {{endUtc}} through {{passport}}. Deposit {{deposit}} (tariff {{tariffVersion}}: {{penaltyPerKwh}} per kWh, fee {{gridFeePerKwh}} per kWh, grace {{graceMs}} ms; template {{templateVersion}}).";
    public const string AuctionTemplateText = "{{owner}} auctions promise {{promise}} above {{basePrice}} until {{deadlineUtc}} ({{deadline}}), template {{templateVersion}}; the best bid wins.";

    private readonly List<Ed25519PrivateKey> _keys = [];
    private int _reference;

    public MarketFixture(bool setUp = true)
    {
        GridAuthority = NewKey();
        PowerCompany = NewKey();
        Producer = NewKey();
        Prosumer = NewKey();
        Consumer = NewKey();
        Consumer2 = NewKey();
        Agency = NewKey();
        Registry = new TestRegistry(GridAuthority.PublicKey.Did, PowerCompany.PublicKey.Did);
        Registry.Register(Producer.PublicKey.Did, ParticipantRole.Producer);
        Registry.Register(Prosumer.PublicKey.Did, ParticipantRole.Prosumer);
        Registry.Register(Consumer.PublicKey.Did, ParticipantRole.Consumer);
        Registry.Register(Consumer2.PublicKey.Did, ParticipantRole.Consumer);
        Registry.Register(Agency.PublicKey.Did, ParticipantRole.VerificationAgency);
        ProducerMeter = NewKey();
        ProsumerMeter = NewKey();
        ProducerPassport = Hex.Sha256(ProducerMeter.PublicKey.Bytes);
        ProsumerPassport = Hex.Sha256(ProsumerMeter.PublicKey.Bytes);
        PowerCompanyPassport = Hex.Sha256(PowerCompany.PublicKey.Bytes);
        Registry.AddMeteringPoint(new MeteringPoint(ProducerPassport, Producer.PublicKey.Did, Active: true, MeasuresExport: true));
        Registry.AddMeteringPoint(new MeteringPoint(ProsumerPassport, Prosumer.PublicKey.Did, Active: true, MeasuresExport: true));
        Registry.AddMeteringPoint(new MeteringPoint(PowerCompanyPassport, PowerCompany.PublicKey.Did, Active: true, MeasuresExport: true));
        Context = new MarketContext(Registry, Metering);
        if (setUp)
        {
            Accept(Tariff(1));
            Accept(Template(ContractKind.Promise, 1, PromiseTemplateText));
            Accept(Template(ContractKind.Auction, 1, AuctionTemplateText));
        }
    }

    public Ed25519PrivateKey GridAuthority { get; }

    public Ed25519PrivateKey PowerCompany { get; }

    public Ed25519PrivateKey Producer { get; }

    public Ed25519PrivateKey Prosumer { get; }

    public Ed25519PrivateKey Consumer { get; }

    public Ed25519PrivateKey Consumer2 { get; }

    public Ed25519PrivateKey Agency { get; }

    public Ed25519PrivateKey ProducerMeter { get; }

    public Ed25519PrivateKey ProsumerMeter { get; }

    public string ProducerPassport { get; }

    public string ProsumerPassport { get; }

    public string PowerCompanyPassport { get; }

    public TestRegistry Registry { get; }

    public SignedReadingsMetering Metering { get; } = new();

    public MarketContext Context { get; }

    public MarketState State { get; } = new();

    public Ed25519PrivateKey NewKey()
    {
        var key = Ed25519PrivateKey.Generate();
        _keys.Add(key);
        return key;
    }

    /// <summary>Submits the bytes that travel, as the ledger would; returns the violation or null.</summary>
    public MarketViolation? Submit(MarketTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var bytes = transaction.ToBytes();
        MarketTransaction parsed;
        try
        {
            parsed = MarketTransaction.Parse(bytes);
        }
        catch (MarketException e)
        {
            return e.ToViolation();
        }

        var before = State.ComputeHash();
        var violation = MarketRules.TryApply(State, parsed, Context);
        if (violation is not null)
        {
            Assert.Equal(before, State.ComputeHash());
        }

        return violation;
    }

    public MarketTransaction Accept(MarketTransaction transaction)
    {
        var violation = Submit(transaction);
        Assert.Null(violation);
        return transaction;
    }

    public MarketError Refuse(MarketTransaction transaction)
    {
        var violation = Submit(transaction);
        Assert.NotNull(violation);
        return violation.Error;
    }

    public MarketTransaction Tariff(long version, long penalty = PenaltyPerKwh, long fee = GridFeePerKwh, long minWh = 100, long maxWh = 1_000_000, long grace = GraceMs, string currency = "EUR", long at = T0) =>
        MarketTransaction.Create(new TariffPayload { Version = version, Currency = currency, PenaltyPerKwh = penalty, GridFeePerKwh = fee, MinWh = minWh, MaxWh = maxWh, GraceMs = grace, AtMs = at }, GridAuthority);

    public MarketTransaction Template(ContractKind kind, long version, string text, long at = T0, int format = ContractTemplatePayload.LatestFormatVersion) =>
        MarketTransaction.Create(new ContractTemplatePayload { Kind = kind, Version = version, Text = text, FormatVersion = format, AtMs = at }, GridAuthority);

    public MarketTransaction Credit(Ed25519PrivateKey account, long amount, string? reference = null, long at = T0) =>
        Credit(account.PublicKey.Did, amount, reference, at);

    public MarketTransaction Credit(string account, long amount, string? reference = null, long at = T0) =>
        MarketTransaction.Create(new AccountCreditPayload { Account = account, Amount = amount, Currency = "EUR", Reference = reference ?? NextReference(), AtMs = at }, GridAuthority);

    public MarketTransaction Debit(Ed25519PrivateKey account, long amount, string? reference = null, long at = T0) =>
        MarketTransaction.Create(new AccountDebitPayload { Account = account.PublicKey.Did, Amount = amount, Currency = "EUR", Reference = reference ?? NextReference(), AtMs = at }, GridAuthority);

    /// <summary>A promise payload with the right deposit and contract hash for the current tariff and template.</summary>
    public PromiseCreatePayload PromisePayload(Ed25519PrivateKey supplier, string passport, long amountWh, long startMs, long endMs, long at = T0, long template = 1)
    {
        return ContractDrafts.Promise(supplier.PublicKey.Did, passport, amountWh, startMs, endMs, State.CurrentTariff!, State.Template(ContractKind.Promise, template)!, at);
    }

    /// <summary>Signed by the supplier, countersigned by the grid authority.</summary>
    public MarketTransaction Promise(PromiseCreatePayload payload, Ed25519PrivateKey supplier) =>
        MarketTransaction.Create(payload, supplier).Countersign(GridAuthority);

    public MarketTransaction Promise(Ed25519PrivateKey supplier, string passport, long amountWh, long startMs, long endMs, long at = T0) =>
        Promise(PromisePayload(supplier, passport, amountWh, startMs, endMs, at), supplier);

    public AuctionCreatePayload AuctionPayload(string promiseId, Ed25519PrivateKey owner, long basePrice, long deadlineMs, long at = T0, long template = 1)
    {
        return ContractDrafts.Auction(owner.PublicKey.Did, promiseId, basePrice, deadlineMs, State.Template(ContractKind.Auction, template)!, "EUR", at);
    }

    public MarketTransaction Auction(string promiseId, Ed25519PrivateKey owner, long basePrice, long deadlineMs, long at = T0) =>
        MarketTransaction.Create(AuctionPayload(promiseId, owner, basePrice, deadlineMs, at), owner);

#pragma warning disable CA1822 // an instance helper like the others, so tests read uniformly
    public MarketTransaction Bid(string auctionId, Ed25519PrivateKey bidder, long amount, long at = T0) =>
        MarketTransaction.Create(new BidPayload { Auction = auctionId, Bidder = bidder.PublicKey.Did, Amount = amount, AtMs = at }, bidder);
#pragma warning restore CA1822

    public MarketTransaction EndAuction(string auctionId, long at) =>
        MarketTransaction.Create(new AuctionEndPayload { Auction = auctionId, AtMs = at }, GridAuthority);

    public SettlePayload SettlePayload(string auctionId, long at)
    {
        var auction = State.FindAuction(auctionId)!;
        return new SettlePayload { Auction = auctionId, Promise = auction.PromiseId, Buyer = auction.BestBidder!, Seller = auction.Seller, Price = auction.BestBid, AtMs = at };
    }

    public MarketTransaction Check(string promiseId, long at)
    {
        var promise = State.FindPromise(promiseId)!;
        var measured = Metering.ExportInWindow(promise.Passport, promise.StartMs, promise.EndMs);
        return MarketTransaction.Create(new DeliveryCheckPayload { Promise = promiseId, MeasuredWh = measured.ExportWh, Complete = measured.Complete, PowerCompany = PowerCompany.PublicKey.Did, AtMs = at }, GridAuthority);
    }

    /// <summary>Real signed 15-minute readings of a metering point from <paramref name="startMs"/>, one per given export delta.</summary>
    public void DeliverReadings(Ed25519PrivateKey meter, string passport, long startMs, params long[] exportPerQuarter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(exportPerQuarter);
        var previous = IntervalReading.GenesisHash;
        var register = 1_000_000L;
        for (var i = 0; i < exportPerQuarter.Length; i++)
        {
            if (exportPerQuarter[i] < 0)
            {
                continue; // a missing reading
            }

            register += exportPerQuarter[i];
            var reading = new IntervalReading
            {
                Device = meter.PublicKey.Did,
                Passport = passport,
                Sequence = i + 1,
                StartMs = startMs + (i * 900_000),
                EndMs = startMs + ((i + 1) * 900_000),
                ImportWh = 500,
                ExportWh = register,
                DeltaImportWh = 0,
                DeltaExportWh = exportPerQuarter[i],
                MinW = -5000,
                AvgW = -4000,
                MaxW = -3000,
                Samples = 90,
                Flags = ReadingQuality.None,
                PreviousHash = previous,
            };
            var signed = SignedReading.Create(reading, meter);
            previous = signed.Hash;
            Metering.Ingest(signed.Envelope.ToBytes());
        }
    }

    /// <summary>Σ available + held + escrowed + fees must equal credited − debited.</summary>
    public void AssertMoneyConserved()
    {
        var inAccounts = State.Accounts.Sum(a => a.Available + a.Held + a.Escrowed);
        Assert.Equal(State.TotalCredited - State.TotalDebited, inAccounts + State.FeesCollected);
        Assert.All(State.Accounts, a =>
        {
            Assert.True(a.Available >= 0, $"{a.Did} available {a.Available}");
            Assert.True(a.Held >= 0, $"{a.Did} held {a.Held}");
            Assert.True(a.Escrowed >= 0, $"{a.Did} escrowed {a.Escrowed}");
        });
    }

    public string NextReference() => $"bank-{++_reference:D6}";

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }
}
