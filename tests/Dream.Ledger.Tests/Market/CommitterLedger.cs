using Dream.Ledger.Audit;
using Dream.Ledger.Ingest;
using Dream.Ledger.Registry;
using Dream.Ledger.State;
using Dream.Ledger.Storage;
using Dream.Market;
using Dream.Market.Contracts;
using Dream.Market.Scheduling;
using Dream.Market.State;
using Dream.Market.Transactions;
using Microsoft.Extensions.Time.Testing;

namespace Dream.Ledger.Tests.Market;

/// <summary>
/// The ledger's committer in process: a <see cref="LedgerEngine"/> on a real data directory (SQLite, fsync) with a
/// <see cref="FakeTimeProvider"/>, and the market on it: participants, meters with approved passports, tariff and
/// templates, the grid authority's transactions. No HTTP and no MQTT; what the committer does with what they bring.
/// </summary>
public sealed class CommitterLedger : IAsyncDisposable
{
    public const long Quarter = 15 * 60_000;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TemporaryDirectory? _temp;
    private readonly List<Ed25519PrivateKey> _keys = [];
    private readonly List<TestAgent> _agents = [];
    private int _reference;
    private bool _running;

    private CommitterLedger(LedgerDataDirectory data, FakeTimeProvider time, TemporaryDirectory? temp)
    {
        Data = data;
        Time = time;
        _temp = temp;
        GridAuthority = data.LoadKey();
    }

    public LedgerDataDirectory Data { get; }

    public FakeTimeProvider Time { get; }

    public Ed25519PrivateKey GridAuthority { get; }

    public SqliteLedgerStore Store { get; private set; } = null!;

    public LedgerEngine Engine { get; private set; } = null!;

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>A new ledger at <paramref name="startMs"/>, in a temporary directory or in <paramref name="dataDir"/> (a full-disk test's).</summary>
    public static async Task<CommitterLedger> StartAsync(long startMs, string? dataDir = null)
    {
        var temp = dataDir is null ? new TemporaryDirectory() : null;
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(startMs));
        var data = await LedgerDataDirectory.InitializeAsync(dataDir ?? temp!.Combine("data"), "ledger.test/dream", "Test Grid Authority", time);
        var ledger = new CommitterLedger(data, time, temp);
        await ledger.StartEngineAsync();
        return ledger;
    }

    /// <summary>Opens the store and starts the engine, which rebuilds its state from the log.</summary>
    public async Task StartEngineAsync()
    {
        var store = Data.OpenStore();
        try
        {
            Engine = await LedgerEngine.StartAsync(store, GridAuthority, new LedgerOptions { TimeProvider = Time, VerifyWorkers = 1 });
        }
        catch
        {
            store.Dispose();
            throw;
        }

        Store = store;
        _running = true;
    }

    public async Task StopEngineAsync()
    {
        _running = false;
        await Engine.DisposeAsync();
        Store.Dispose();
    }

    public async Task RestartAsync()
    {
        await StopEngineAsync();
        await StartEngineAsync();
    }

    /// <summary>Moves the ledger's clock forward to <paramref name="atMs"/>.</summary>
    public void SetClock(long atMs) => Time.Advance(TimeSpan.FromMilliseconds(atMs - NowMs));

    public T Read<T>(Func<MarketState, T> read) => Engine.ReadState(s => read(s.Market));

    /// <summary>What the scheduler would do at <paramref name="nowMs"/>.</summary>
    public IReadOnlyList<DueAction> Due(long nowMs) => Read(s => MarketScheduler.Due(s, nowMs));

    /// <summary>The audit's check (<c>dream-ledger verify</c>): every minor unit credited and not debited is in an account or in the fees, and no balance is negative.</summary>
    public void AssertMoneyConserved() => Assert.Empty(Engine.ReadState(s => MarketAudit.Problems(s).ToList()));

    /// <summary>The state replayed from the stored log, as a restarted ledger and <c>dream-ledger verify</c> rebuild it.</summary>
    public async Task<LedgerState> RebuildAsync() => (await LedgerEngine.RebuildAsync(Store, GridAuthority.PublicKey.Did)).State;

    /// <summary>A new key, registered by the grid authority with <paramref name="role"/>.</summary>
    public async Task<Ed25519PrivateKey> ParticipantAsync(ParticipantRole role)
    {
        var key = Ed25519PrivateKey.Generate();
        _keys.Add(key);
        var registration = new ParticipantRegistration { Did = key.PublicKey.Did, Role = role, Name = $"{role} {_keys.Count}", RegisteredAtMs = NowMs };
        await Engine.AppendRegistryAsync(SignedEnvelope.Sign(registration.ToPayload(), GridAuthority));
        return key;
    }

    /// <summary>A meter of <paramref name="owner"/> that measures export, its passport approved by the grid authority.</summary>
    public async Task<MeterChain> MeterAsync(Ed25519PrivateKey owner)
    {
        var agent = new TestAgent(owner, 0);
        _agents.Add(agent);
        await Engine.AppendRegistryAsync(agent.Passport.Envelope.Countersign(GridAuthority));
        return new MeterChain(agent);
    }

    /// <summary>Ingests signed readings of one meter in one message, as MQTT brings them; returns once every one is logged.</summary>
    public async Task IngestAsync(MeterChain meter, params SignedReading[] readings)
    {
        ArgumentNullException.ThrowIfNull(meter);
        var size = Engine.Head.Size;
        await Engine.SubmitAsync(Topics.Readings(meter.Agent.Device), EnvelopeBatch.Serialize(readings.Select(r => r.Envelope).ToList()));
        try
        {
            await Engine.WaitForSizeAsync(size + readings.Length).WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            var refused = await Store.QuarantineAsync(readings.Length);
            Assert.Fail($"Not every reading was logged: {string.Join("; ", refused.Select(r => $"{r.Sequence} {r.Reason}: {r.Detail}"))}");
        }
    }

    /// <summary>Sends the bytes that travel to the committer, parsed (every signature) as the HTTP endpoint parses them; null when accepted.</summary>
    public async Task<MarketViolation?> SubmitAsync(MarketTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        MarketTransaction parsed;
        try
        {
            parsed = MarketTransaction.Parse(transaction.ToBytes());
        }
        catch (MarketException e)
        {
            return e.ToViolation();
        }

        return (await Engine.SubmitMarketAsync(parsed)).Violation;
    }

    public async Task<string> AcceptAsync(MarketTransaction transaction)
    {
        var violation = await SubmitAsync(transaction);
        Assert.True(violation is null, $"{transaction.Payload.Type}: {violation}");
        return transaction.Id;
    }

    public async Task<MarketError> RefuseAsync(MarketTransaction transaction)
    {
        var violation = await SubmitAsync(transaction);
        Assert.NotNull(violation);
        return violation.Error;
    }

    /// <summary>The first tariff (EUR, penalty 3.00 and fee 0.10 per kWh) and a promise and an auction template of <paramref name="templateFormat"/>.</summary>
    public async Task SetUpMarketAsync(long graceMs, int templateFormat = ContractTemplatePayload.LatestFormatVersion)
    {
        await AcceptAsync(ByGridAuthority(new TariffPayload { Version = 1, Currency = "EUR", PenaltyPerKwh = 300, GridFeePerKwh = 10, MinWh = 100, MaxWh = 1_000_000, GraceMs = graceMs, AtMs = NowMs }));
        await AcceptAsync(ByGridAuthority(new ContractTemplatePayload { Kind = ContractKind.Promise, Version = 1, Text = MarketTestLedger.PromiseTemplate, FormatVersion = templateFormat, AtMs = NowMs }));
        await AcceptAsync(ByGridAuthority(new ContractTemplatePayload { Kind = ContractKind.Auction, Version = 1, Text = MarketTestLedger.AuctionTemplate, FormatVersion = templateFormat, AtMs = NowMs }));
    }

    public MarketTransaction ByGridAuthority(MarketPayload payload) => MarketTransaction.Create(payload, GridAuthority);

    public MarketTransaction Credit(Ed25519PrivateKey account, long amount, string? reference = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        return ByGridAuthority(new AccountCreditPayload { Account = account.PublicKey.Did, Amount = amount, Currency = "EUR", Reference = reference ?? NextReference(), AtMs = NowMs });
    }

    public MarketTransaction Debit(Ed25519PrivateKey account, long amount)
    {
        ArgumentNullException.ThrowIfNull(account);
        return ByGridAuthority(new AccountDebitPayload { Account = account.PublicKey.Did, Amount = amount, Currency = "EUR", Reference = NextReference(), AtMs = NowMs });
    }

    /// <summary>Signed by the supplier and countersigned by the grid authority, as the HTTP endpoint does.</summary>
    public MarketTransaction Promise(Ed25519PrivateKey supplier, string passport, long amountWh, long startMs, long endMs) =>
        MarketDrafts.Promise(Engine, supplier, passport, amountWh, startMs, endMs, NowMs).Countersign(GridAuthority);

    public MarketTransaction Auction(Ed25519PrivateKey owner, string promise, long basePrice, long deadlineMs) =>
        MarketDrafts.Auction(Engine, owner, promise, basePrice, deadlineMs, NowMs);

    public MarketTransaction Bid(Ed25519PrivateKey bidder, string auction, long amount) => MarketDrafts.Bid(bidder, auction, amount, NowMs);

    /// <summary>The grid authority's settlement of an ended auction (<c>settle/1</c>, signed by it alone), as the state names the winner.</summary>
    public MarketTransaction Settle(string auction)
    {
        var payload = Read(s =>
        {
            var a = s.FindAuction(auction)!;
            return new SettlePayload { Auction = auction, Promise = a.PromiseId, Buyer = a.BestBidder!, Seller = a.Seller, Price = a.BestBid, AtMs = NowMs };
        });
        return ByGridAuthority(payload);
    }

    public string NextReference() => $"bank-{++_reference:D6}";

    public async ValueTask DisposeAsync()
    {
        if (_running)
        {
            await StopEngineAsync();
        }

        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        foreach (var key in _keys)
        {
            key.Dispose();
        }

        GridAuthority.Dispose();
        _temp?.Dispose();
    }
}
