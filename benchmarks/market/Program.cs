using System.Diagnostics;
using System.Globalization;
using Dream.Benchmarks.Common;
using Dream.Contracts;
using Dream.Crypto;
using Dream.Ledger;
using Dream.Ledger.Ingest;
using Dream.Ledger.Registry;
using Dream.Market.Contracts;
using Dream.Market.Rules;
using Dream.Market.Transactions;

// Signed market transactions through the ledger's committer in process, the one writer of the market state:
// each body is parsed and its signatures verified on the submitter's thread (as the HTTP endpoint does), then
// the committer validates it against the state in log order, appends it, commits the batch to SQLite (WAL,
// fsync per group commit) and applies it. No HTTP: market-http measures that. Beside the machine's libsodium
// Ed25519 verify rate in the same run: a promise carries two signatures, a bid one, so verify/s bounds what any
// market can do.
var promises = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var auctions = Math.Min(promises, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000);
var inFlight = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
const int BidsPerAuction = 20;
const long Quarter = 900_000;
var workers = Environment.ProcessorCount;
var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / Quarter * Quarter;

var temp = Directory.CreateTempSubdirectory("dream-market-bench-");
try
{
    var data = await LedgerDataDirectory.InitializeAsync(Path.Combine(temp.FullName, "data"), "bench.market/dream", "Bench GA", TimeProvider.System);
    using var store = data.OpenStore();
    using var ga = data.LoadKey();
    await using var engine = await LedgerEngine.StartAsync(store, ga);

    // The transactions carry times from the start of the run (floored to the quarter hour) and are signed before
    // the clock starts, so they arrive minutes after their time: the admission window is widened to an hour.
    engine.MarketClockSkew = TimeSpan.FromHours(1);

    // Set-up (not timed): participants, an approved meter for each producer, tariff, templates, credits.
    var producers = Enumerable.Range(0, 64).Select(_ => Ed25519PrivateKey.Generate()).ToArray();
    var bidders = Enumerable.Range(0, BidsPerAuction).Select(_ => Ed25519PrivateKey.Generate()).ToArray();
    await Task.WhenAll(producers.Select(p => Register(p, ParticipantRole.Producer)).Concat(bidders.Select(b => Register(b, ParticipantRole.Consumer))));
    var passports = await Task.WhenAll(producers.Select(async (owner, i) =>
    {
        using var device = Ed25519PrivateKey.Generate();
        using var installer = Ed25519PrivateKey.Generate();
        var passport = BenchmarkPassport.Create(device, installer, owner.PublicKey.Did, i);
        await engine.AppendRegistryAsync(passport.Envelope.Countersign(ga));
        return passport.Id;
    }));
    var tariff = new TariffPayload { Version = 1, Currency = "EUR", PenaltyPerKwh = 300, GridFeePerKwh = 10, MinWh = 100, MaxWh = 1_000_000, GraceMs = 3_600_000, AtMs = t0 };
    var promiseTemplate = new ContractTemplatePayload { Kind = ContractKind.Promise, Version = 1, Text = "{{supplier}} promises {{amountWh}} Wh from {{startUtc}} to {{endUtc}} through {{passport}}; deposit {{deposit}}.", AtMs = t0 };
    var auctionTemplate = new ContractTemplatePayload { Kind = ContractKind.Auction, Version = 1, Text = "{{owner}} auctions {{promise}} above {{basePrice}} until {{deadlineUtc}}.", AtMs = t0 };
    await Drive([[Signed(tariff, ga)], [Signed(promiseTemplate, ga)], [Signed(auctionTemplate, ga)]], 1);
    await Drive(producers.Concat(bidders).Select((k, i) => new[] { Signed(new AccountCreditPayload { Account = k.PublicKey.Did, Amount = 1_000_000_000_000, Currency = "EUR", Reference = $"r{i}", AtMs = t0 }, ga) }).ToArray(), inFlight);

    Console.WriteLine($"Signing {promises} promises ({workers} cores)...");
    var promiseBytes = new byte[promises][];
    Parallel.For(0, promises, i =>
    {
        var supplier = producers[i % producers.Length];
        var draft = ContractDrafts.Promise(supplier.PublicKey.Did, passports[i % producers.Length], 1000 + i, t0 + (4 * 3_600_000), t0 + (5 * 3_600_000), tariff, promiseTemplate, t0 + i);
        promiseBytes[i] = MarketTransaction.Create(draft, supplier).Countersign(ga).ToBytes();
    });

    // Ceiling: libsodium verifies of a promise-sized payload, one thread and all cores.
    var sample = MarketTransaction.Parse(promiseBytes[0]);
    var samplePayload = sample.Envelope.Payload.ToArray();
    var sampleSig = sample.Envelope.Signatures[0].Signature.ToArray();
    var sampleKey = producers[0].PublicKey;
    var verify1 = VerifyRate(1);
    var verifyN = VerifyRate(workers);
    Console.WriteLine($"libsodium Ed25519 verify ({samplePayload.Length}-byte payload): {verify1:F0}/s on 1 thread, {verifyN:F0}/s on {workers}");

    // Promise creations, {inFlight} submitters at once: parse + 2 verifies on their threads; rules, append, commit and apply by the committer.
    var promiseRate = await Measure("promise-create", "each 2 signatures", promiseBytes.Select(b => new[] { b }).ToArray());

    // Auctions on the first promises (set-up), then bids: a submitter takes whole auctions and sends their bids in rising order.
    var auctionIds = new string[auctions];
    var auctionBytes = new byte[auctions][][];
    for (var a = 0; a < auctions; a++)
    {
        var owner = producers[a % producers.Length];
        var draft = ContractDrafts.Auction(owner.PublicKey.Did, MarketTransaction.Parse(promiseBytes[a]).Id, 100, t0 + (3 * 3_600_000), auctionTemplate, "EUR", t0 + promises);
        var tx = MarketTransaction.Create(draft, owner);
        auctionIds[a] = tx.Id;
        auctionBytes[a] = [tx.ToBytes()];
    }

    await Drive(auctionBytes, inFlight);
    var bidBytes = new byte[auctions][][];
    Parallel.For(0, auctions, a => bidBytes[a] = Enumerable.Range(0, BidsPerAuction)
        .Select(k => MarketTransaction.Create(new BidPayload { Auction = auctionIds[a], Bidder = bidders[k].PublicKey.Did, Amount = 101 + k, AtMs = t0 + promises + 1 + k }, bidders[k]).ToBytes())
        .ToArray());
    var bidRate = await Measure("bid", "each 1 signature", bidBytes);
    var won = engine.ReadState(s => auctionIds.Count(id => s.Market.FindAuction(id)?.BestBid == 100 + BidsPerAuction));
    if (won != auctions)
    {
        throw new InvalidOperationException($"{auctions - won} auctions do not have their last bid as the best one.");
    }

    // The ceiling a verify-bound market reaches on these cores, for comparison.
    Console.WriteLine($"verify-bound ceiling: promise {verifyN / 2:F0} tx/s, bid {verifyN:F0} tx/s");
    Console.WriteLine("Published anchors: Corda 170-1,678 tx/s per node; Project Origin ~150 tx/s.");
    Results.Print("libsodium_verify_per_s_1thread", verify1);
    Results.Print($"libsodium_verify_per_s_{workers}threads", verifyN);
    Results.Print("market_promise_create_tx_per_s", promiseRate);
    Results.Print("market_bid_tx_per_s", bidRate);

    foreach (var key in producers.Concat(bidders))
    {
        key.Dispose();
    }

    async Task Register(Ed25519PrivateKey key, ParticipantRole role)
    {
        var registration = new ParticipantRegistration { Did = key.PublicKey.Did, Role = role, Name = role.ToString(), RegisteredAtMs = t0 };
        await engine.AppendRegistryAsync(SignedEnvelope.Sign(registration.ToPayload(), ga));
    }

    // Submits streams of bodies from up to `concurrency` submitters at once, each stream's bodies in order, one by one.
    async Task Drive(byte[][][] streams, int concurrency)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, streams.Length)).Select(_ => Task.Run(async () =>
        {
            int s;
            while ((s = Interlocked.Increment(ref next)) < streams.Length)
            {
                foreach (var body in streams[s])
                {
                    var result = await engine.SubmitMarketAsync(MarketTransaction.Parse(body));
                    if (!result.Accepted)
                    {
                        throw new InvalidOperationException(result.Violation!.ToString());
                    }
                }
            }
        })));
    }

    async Task<double> Measure(string name, string signatures, byte[][][] streams)
    {
        var count = streams.Sum(s => s.Length);
        var commits = store.Commits;
        var watch = Stopwatch.StartNew();
        await Drive(streams, inFlight);
        var rate = count / watch.Elapsed.TotalSeconds;
        var perCommit = (double)count / Math.Max(1, store.Commits - commits);
        Console.WriteLine($"{name}: {count} in {watch.Elapsed.TotalSeconds:F2} s = {rate:F0} tx/s ({signatures}; including the commit: {perCommit:F1} transactions per SQLite commit with fsync, {inFlight} submitters)");
        return rate;
    }

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
}
finally
{
    temp.Delete(recursive: true);
}

static byte[] Signed(MarketPayload payload, Ed25519PrivateKey signer) => MarketTransaction.Create(payload, signer).ToBytes();
