using System.Diagnostics;
using System.Globalization;
using Dream.Contracts;
using Dream.Crypto;
using Dream.Market;
using Dream.Market.Contracts;
using Dream.Market.Rules;
using Dream.Market.State;
using Dream.Market.Transactions;

// Signed market transactions validated and applied in process (parse, verify every signature, rules,
// apply through the single-writer MarketEngine), beside the machine's libsodium Ed25519 verify rate in
// the same run: a promise carries two signatures, a bid one, so verify/s bounds what any market can do.
var promises = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var auctions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000;
const int BidsPerAuction = 20;
const long T0 = 1_800_000_000_000;
var workers = Environment.ProcessorCount;

using var ga = Ed25519PrivateKey.Generate();
using var pc = Ed25519PrivateKey.Generate();
var registry = new BenchmarkRegistry(ga.PublicKey.Did, pc.PublicKey.Did);
var producers = Enumerable.Range(0, 64).Select(_ => Ed25519PrivateKey.Generate()).ToArray();
var bidders = Enumerable.Range(0, BidsPerAuction).Select(_ => Ed25519PrivateKey.Generate()).ToArray();
foreach (var p in producers)
{
    registry.Roles[p.PublicKey.Did] = ParticipantRole.Producer;
    var passport = Hex.Sha256(p.PublicKey.Bytes);
    registry.Points[passport] = new MeteringPoint(passport, p.PublicKey.Did, true, true);
}

foreach (var b in bidders)
{
    registry.Roles[b.PublicKey.Did] = ParticipantRole.Consumer;
}

var context = new MarketContext(registry, new NoReadings());
var state = new MarketState();
using var engine = new MarketEngine(state, context);
var reference = 0;
async Task Must(MarketTransaction tx)
{
    var result = await engine.SubmitAsync(tx.ToBytes());
    if (!result.Accepted)
    {
        throw new InvalidOperationException(result.Violation!.ToString());
    }
}

await Must(MarketTransaction.Create(new TariffPayload { Version = 1, Currency = "EUR", PenaltyPerKwh = 300, GridFeePerKwh = 10, MinWh = 100, MaxWh = 1_000_000, GraceMs = 3_600_000, AtMs = T0 }, ga));
var promiseTemplate = new ContractTemplatePayload { Kind = ContractKind.Promise, Version = 1, Text = "{{supplier}} promises {{amountWh}} Wh from {{startUtc}} to {{endUtc}} through {{passport}}; deposit {{deposit}}.", AtMs = T0 };
var auctionTemplate = new ContractTemplatePayload { Kind = ContractKind.Auction, Version = 1, Text = "{{owner}} auctions {{promise}} above {{basePrice}} until {{deadlineUtc}}.", AtMs = T0 };
await Must(MarketTransaction.Create(promiseTemplate, ga));
await Must(MarketTransaction.Create(auctionTemplate, ga));
foreach (var key in producers.Concat(bidders))
{
    await Must(MarketTransaction.Create(new AccountCreditPayload { Account = key.PublicKey.Did, Amount = 1_000_000_000_000, Currency = "EUR", Reference = $"r{reference++}", AtMs = T0 }, ga));
}

var tariff = state.CurrentTariff!;
byte[] PromiseBytes(int i)
{
    var supplier = producers[i % producers.Length];
    var draft = new PromiseCreatePayload
    {
        Supplier = supplier.PublicKey.Did,
        Passport = Hex.Sha256(supplier.PublicKey.Bytes),
        AmountWh = 1000 + i,
        StartMs = T0 + (4 * 3_600_000),
        EndMs = T0 + (5 * 3_600_000),
        Tariff = 1,
        Deposit = MarketMath.PerKwhCeiling(1000 + i, 300),
        Template = 1,
        Contract = new string('0', 64),
        AtMs = T0 + i,
    };
    draft = draft with { Contract = ContractRenderer.Hash(ContractRenderer.RenderPromise(promiseTemplate, draft, tariff)) };
    return MarketTransaction.Create(draft, supplier).Countersign(ga).ToBytes();
}

Console.WriteLine($"Signing {promises} promises ({workers} cores)...");
var promiseBytes = new byte[promises][];
Parallel.For(0, promises, i => promiseBytes[i] = PromiseBytes(i));

// Ceiling: libsodium verifies of a promise-sized payload, one thread and all cores.
var sample = MarketTransaction.Parse(promiseBytes[0]);
var samplePayload = sample.Envelope.Payload.ToArray();
var sampleSig = sample.Envelope.Signatures[0].Signature.ToArray();
var sampleKey = producers[0].PublicKey;
double VerifyRate(int threads)
{
    var count = 0L;
    var watch = Stopwatch.StartNew();
    Parallel.For(0, threads, _ =>
    {
        var local = 0L;
        while (watch.ElapsedMilliseconds < 2000)
        {
            for (var k = 0; k < 200; k++)
            {
                if (!sampleKey.Verify(samplePayload, sampleSig))
                {
                    throw new InvalidOperationException("verify failed");
                }
            }

            local += 200;
        }

        Interlocked.Add(ref count, local);
    });
    return count / watch.Elapsed.TotalSeconds;
}

var verify1 = VerifyRate(1);
var verifyN = VerifyRate(workers);
Console.WriteLine($"libsodium Ed25519 verify ({samplePayload.Length}-byte payload): {verify1:F0}/s on 1 thread, {verifyN:F0}/s on {workers}");

// Promise creations, submitted from all cores (parse + 2 verifies in parallel; rules + apply single-writer).
var next = -1;
var watch = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < promises)
    {
        var result = await engine.SubmitAsync(promiseBytes[i]);
        if (!result.Accepted)
        {
            throw new InvalidOperationException(result.Violation!.ToString());
        }
    }
})));
var promiseRate = promises / watch.Elapsed.TotalSeconds;
Console.WriteLine($"promise-create: {promises} in {watch.Elapsed.TotalSeconds:F2} s = {promiseRate:F0} tx/s (each 2 signatures)");

// Auctions on the first promises, then bids: each worker takes whole auctions and bids in rising order.
var promiseIds = promiseBytes.Take(auctions).Select(b => MarketTransaction.Parse(b)).ToArray();
var auctionIds = new string[auctions];
for (var a = 0; a < auctions; a++)
{
    var owner = producers[a % producers.Length];
    var draft = new AuctionCreatePayload { Promise = promiseIds[a].Id, Owner = owner.PublicKey.Did, BasePrice = 100, DeadlineMs = T0 + (3 * 3_600_000), Template = 1, Contract = new string('0', 64), AtMs = T0 + promises };
    draft = draft with { Contract = ContractRenderer.Hash(ContractRenderer.RenderAuction(auctionTemplate, draft, "EUR")) };
    var tx = MarketTransaction.Create(draft, owner);
    await Must(tx);
    auctionIds[a] = tx.Id;
}

var bidBytes = new byte[auctions][][];
Parallel.For(0, auctions, a => bidBytes[a] = Enumerable.Range(0, BidsPerAuction)
    .Select(k => MarketTransaction.Create(new BidPayload { Auction = auctionIds[a], Bidder = bidders[k].PublicKey.Did, Amount = 101 + k, AtMs = T0 + promises + 1 + k }, bidders[k]).ToBytes())
    .ToArray());
var nextAuction = -1;
watch.Restart();
await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
{
    int a;
    while ((a = Interlocked.Increment(ref nextAuction)) < auctions)
    {
        foreach (var bid in bidBytes[a])
        {
            var result = await engine.SubmitAsync(bid);
            if (!result.Accepted)
            {
                throw new InvalidOperationException(result.Violation!.ToString());
            }
        }
    }
})));
var bids = auctions * BidsPerAuction;
var bidRate = bids / watch.Elapsed.TotalSeconds;
Console.WriteLine($"bid: {bids} in {watch.Elapsed.TotalSeconds:F2} s = {bidRate:F0} tx/s (each 1 signature)");

// The ceiling a verify-bound market reaches on these cores, for comparison.
Console.WriteLine($"verify-bound ceiling: promise {verifyN / 2:F0} tx/s, bid {verifyN:F0} tx/s");
Console.WriteLine("Published anchors: Corda 170-1,678 tx/s per node; Project Origin ~150 tx/s.");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT libsodium_verify_per_s_1thread={verify1:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT libsodium_verify_per_s_{workers}threads={verifyN:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT market_promise_create_tx_per_s={promiseRate:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT market_bid_tx_per_s={bidRate:F0}"));

foreach (var key in producers.Concat(bidders))
{
    key.Dispose();
}

internal sealed class BenchmarkRegistry(string gridAuthority, string powerCompany) : IRegistryView
{
    public Dictionary<string, ParticipantRole> Roles { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, MeteringPoint> Points { get; } = new(StringComparer.Ordinal);

    public string GridAuthority { get; } = gridAuthority;

    public string PowerCompany { get; } = powerCompany;

    public ParticipantRole RoleOf(string did) => did == GridAuthority ? ParticipantRole.GridAuthority : Roles.GetValueOrDefault(did);

    public MeteringPoint? FindMeteringPoint(string passportId) => Points.GetValueOrDefault(passportId);
}

internal sealed class NoReadings : IMeteringView
{
    public MeteredExport ExportInWindow(string passportId, long startMs, long endMs) => new(0, false);
}
