using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dream.Benchmarks.Common;
using Dream.Contracts;
using Dream.Crypto;
using Dream.Ledger;
using Dream.Ledger.Server.Hosting;
using Dream.Market.Contracts;
using Dream.Market.Transactions;
using Dream.Testing;

// Signed market transactions through the HTTP API of a real ledger (SQLite WAL + fsync per group commit,
// Kestrel on loopback, Mosquitto for its ingest), from concurrent clients. Every transaction is signed
// before the clock starts, so the clients only send bytes. Printed beside this machine's ceilings measured
// in the same run: a bid costs the ledger one Ed25519 verify, a promise two verifies plus the grid
// authority's countersignature.
var promiseCount = Arg("--promises", 6000);
var auctionCount = Arg("--auctions", 300);
var bidsPerAuction = Arg("--bids-per-auction", 40);
var clients = Arg("--clients", 64);
var producerCount = Arg("--producers", 100);
var bidderCount = Arg("--bidders", 50);
const long Quarter = 900_000;
const string PromiseText = "Power promise: {{supplier}} delivers {{amountWh}} Wh from {{startUtc}} to {{endUtc}} at metering point {{passport}}; deposit {{deposit}} (tariff {{tariffVersion}}, penalty {{penaltyPerKwh}} per kWh, fee {{gridFeePerKwh}} per kWh, grace {{graceMs}} ms).";
const string AuctionText = "Auction of promise {{promise}} by {{owner}}: base price {{basePrice}}, bids until {{deadlineUtc}}; the best bid wins.";

Console.WriteLine($"cores: {Environment.ProcessorCount}, {Ed25519.Implementation}, load average {Ceilings.LoadAverage()}");
var (verify1, verifyAll, signAll) = MeasureCrypto();
Console.WriteLine($"libsodium Ed25519: verify {verify1:N0}/s on 1 core, {verifyAll:N0}/s on all cores; sign {signAll:N0}/s on all cores");

await using var broker = await MosquittoProcess.StartAsync();
using var temp = new TemporaryDirectory();
var config = new LedgerServerConfig
{
    DataDir = temp.Combine("data"),
    Listen = $"http://127.0.0.1:{FreePort.Next()}",
    AdminListen = $"http://127.0.0.1:{FreePort.Next()}",
    Mqtt = new MqttConfig { Host = "127.0.0.1", Port = broker.Port, ClientId = "bench-ledger" },
};
await LedgerDataDirectory.InitializeAsync(config.DataDir, "bench.market/dream", "Bench GA", TimeProvider.System);
await using var server = await LedgerServer.StartAsync(config, logging: _ => { });
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
using var http = new HttpClient(handler) { BaseAddress = new Uri(config.Listen + "/") };
using var admin = new HttpClient { BaseAddress = new Uri(config.AdminListen + "/") };
admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminToken);

// Set-up (not timed): tariff, templates, participants, approved passports with export, credits.
Console.WriteLine($"set-up: {producerCount} producers with an approved meter each, {bidderCount} bidders, credits");
await AdminAsync("admin/v1/market/tariff", new JsonObject { ["currency"] = "EUR", ["penaltyPerKwh"] = 300, ["gridFeePerKwh"] = 10, ["minWh"] = 100, ["maxWh"] = 1_000_000, ["graceMs"] = 300_000 });
await AdminAsync("admin/v1/market/templates", new JsonObject { ["kind"] = "promise", ["text"] = PromiseText });
await AdminAsync("admin/v1/market/templates", new JsonObject { ["kind"] = "auction", ["text"] = AuctionText });
var producers = Enumerable.Range(0, producerCount).Select(_ => Ed25519PrivateKey.Generate()).ToArray();
var bidders = Enumerable.Range(0, bidderCount).Select(_ => Ed25519PrivateKey.Generate()).ToArray();
await Task.WhenAll(producers.Select((k, i) => AdminAsync("admin/v1/participants", new JsonObject { ["did"] = k.PublicKey.Did, ["role"] = "producer", ["name"] = $"producer {i}" })));
await Task.WhenAll(bidders.Select((k, i) => AdminAsync("admin/v1/participants", new JsonObject { ["did"] = k.PublicKey.Did, ["role"] = "consumer", ["name"] = $"bidder {i}" })));
var passports = new string[producerCount];
await Task.WhenAll(producers.Select(async (owner, i) =>
{
    using var device = Ed25519PrivateKey.Generate();
    using var installer = Ed25519PrivateKey.Generate();
    var passport = BenchmarkPassport.Create(device, installer, owner.PublicKey.Did, i);
    passports[i] = passport.Id;
    await server.Engine.AppendRegistryAsync(passport.Envelope.Countersign(server.Key));
}));
var reference = 0;
await Task.WhenAll(producers.Concat(bidders).Select(k => AdminAsync("admin/v1/market/credit", new JsonObject { ["account"] = k.PublicKey.Did, ["amount"] = 1_000_000_000_000L, ["reference"] = $"bench-{Interlocked.Increment(ref reference)}" })));
var (tariff, promiseTemplate, auctionTemplate, currency) = server.Engine.ReadState(s => (
    s.Market.CurrentTariff!,
    s.Market.Template(ContractKind.Promise, s.Market.LatestTemplateVersion(ContractKind.Promise))!,
    s.Market.Template(ContractKind.Auction, s.Market.LatestTemplateVersion(ContractKind.Auction))!,
    s.Market.Currency!));

// A warm-up round first (the JIT compiles the hot paths; a running ledger would have done so long ago),
// then the measured round. Round k's promises use later quarter hours than round k-1's.
var nextWindow = ((NowMs() / Quarter) + 4) * Quarter;
Console.WriteLine("warm-up round (not counted):");
var warm = await RoundAsync(Math.Min(2000, promiseCount), Math.Min(50, auctionCount), Math.Min(20, bidsPerAuction));
Console.WriteLine("measured round:");
var (promisePhase, auctionPhase, bidPhase, bestBids) = await RoundAsync(promiseCount, Math.Min(auctionCount, promiseCount), bidsPerAuction);
auctionCount = Math.Min(auctionCount, promiseCount);
Console.WriteLine($"auctions whose best bid is the last one sent: {bestBids} of {auctionCount}");
var ok = warm.Promises.Refused.IsEmpty && warm.Bids.Refused.IsEmpty && promisePhase.Refused.IsEmpty && auctionPhase.Refused.IsEmpty && bidPhase.Refused.IsEmpty && bestBids == auctionCount;

// The machine is shared: the ceilings are measured again now and the better of the two measurements counts.
var (verify1End, verifyAllEnd, signAllEnd) = MeasureCrypto();
Console.WriteLine($"libsodium Ed25519 again: verify {verify1End:N0}/s on 1 core, {verifyAllEnd:N0}/s on all cores; sign {signAllEnd:N0}/s on all cores (the better of the two counts)");
(verify1, verifyAll, signAll) = (Math.Max(verify1, verify1End), Math.Max(verifyAll, verifyAllEnd), Math.Max(signAll, signAllEnd));
var promiseCeiling = 1 / ((2 / verifyAll) + (1 / signAll));
Console.WriteLine();
Console.WriteLine($"promise creations: {promisePhase.Rate,8:N0} tx/s  ceiling {promiseCeiling,8:N0}/s (2 verifies + 1 GA signature on all cores)  ratio {promisePhase.Rate / promiseCeiling:P0}");
Console.WriteLine($"bids:              {bidPhase.Rate,8:N0} tx/s  ceiling {verifyAll,8:N0}/s (1 verify on all cores)                        ratio {bidPhase.Rate / verifyAll:P0}");
Console.WriteLine($"auction creations: {auctionPhase.Rate,8:N0} tx/s  (set-up, {auctionCount} only)");
Console.WriteLine($"CPU per transaction (ledger and clients in one process): promise {promisePhase.CpuMicrosPerTx:F0} us, bid {bidPhase.CpuMicrosPerTx:F0} us; one verify {1e6 / verify1:F0} us, one signature {Environment.ProcessorCount * 1e6 / signAll:F0} us");
Console.WriteLine($"with both cores to itself this process would do ~{Environment.ProcessorCount * 1e6 / promisePhase.CpuMicrosPerTx:N0} promises/s, ~{Environment.ProcessorCount * 1e6 / bidPhase.CpuMicrosPerTx:N0} bids/s (load average now {Ceilings.LoadAverage()})");
Console.WriteLine("published anchors: Corda 170-1,678 tx/s per node; Project Origin ~150 tx/s; goal 2,000 tx/s on this 2-core machine");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT market_http_promise_tx_per_s={promisePhase.Rate:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT market_http_bid_tx_per_s={bidPhase.Rate:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT market_http_promise_ceiling_per_s={promiseCeiling:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT market_http_promise_ratio_to_ceiling={promisePhase.Rate / promiseCeiling:F2}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT market_http_bid_ratio_to_ceiling={bidPhase.Rate / verifyAll:F2}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT market_http_promise_cpu_us_per_tx={promisePhase.CpuMicrosPerTx:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT market_http_bid_cpu_us_per_tx={bidPhase.CpuMicrosPerTx:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT libsodium_verifies_per_s_1core={verify1:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT libsodium_verifies_per_s_all_cores={verifyAll:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT libsodium_signs_per_s_all_cores={signAll:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT market_http_goal_2000_met={(Math.Min(promisePhase.Rate, bidPhase.Rate) >= 2000 ? 1 : 0)}"));
foreach (var key in producers.Concat(bidders))
{
    key.Dispose();
}

return ok ? 0 : 1;

// One round: pre-sign promises, send them; pre-sign auctions on the first ones, send them; pre-sign bids,
// send them. Bid r on auction a is base + r + 1 by a rotating bidder; one client owns an auction and sends
// its bids in order, so every bid is strictly higher than the best one when it arrives and must be accepted.
async Task<(Phase Promises, Phase Auctions, Phase Bids, int BestBids)> RoundAsync(int promiseCount, int auctionCount, int bidsPerAuction)
{
    var firstWindow = nextWindow;
    nextWindow += ((promiseCount + producerCount - 1) / producerCount + 1) * Quarter;
    var promiseAt = NowMs();
    var promises = new (string Id, int Producer, long StartMs)[promiseCount];
    var promiseBodies = new byte[promiseCount][];
    Parallel.For(0, promiseCount, n =>
    {
        var p = n % producerCount;
        var start = firstWindow + (n / producerCount * Quarter);
        var draft = ContractDrafts.Promise(producers[p].PublicKey.Did, passports[p], 2000, start, start + Quarter, tariff, promiseTemplate, promiseAt);
        var tx = MarketTransaction.Create(draft, producers[p]);
        promises[n] = (tx.Id, p, start);
        promiseBodies[n] = tx.ToBytes();
    });
    var promisePhase = await DriveAsync("promise creations (signed by the supplier, countersigned by the ledger)", promiseBodies, clients);

    var auctionAt = NowMs();
    var auctions = new string[auctionCount];
    var auctionBodies = new byte[auctionCount][];
    Parallel.For(0, auctionCount, a =>
    {
        var (id, p, start) = promises[a];
        var tx = MarketTransaction.Create(ContractDrafts.Auction(producers[p].PublicKey.Did, id, 100, start - 60_000, auctionTemplate, currency, auctionAt), producers[p]);
        auctions[a] = tx.Id;
        auctionBodies[a] = tx.ToBytes();
    });
    var auctionPhase = await DriveAsync("auction creations (set-up of the bids)", auctionBodies, clients);

    var bidCount = auctionCount * bidsPerAuction;
    var bidAt = NowMs();
    var bidBodies = new byte[bidCount][];
    Parallel.For(0, bidCount, n =>
    {
        var r = n / auctionCount;
        var a = n % auctionCount;
        var bidder = bidders[(a + r) % bidderCount];
        bidBodies[n] = MarketTransaction.Create(new BidPayload { Auction = auctions[a], Bidder = bidder.PublicKey.Did, Amount = 100 + r + 1, AtMs = bidAt }, bidder).ToBytes();
    });
    var bidPhase = await DriveAsync($"bids ({auctionCount} auctions x {bidsPerAuction})", bidBodies, Math.Min(clients, auctionCount), ordered: auctionCount);
    var bestBids = server.Engine.ReadState(s => auctions.Count(a => s.Market.FindAuction(a)?.BestBid == 100 + bidsPerAuction));
    return (promisePhase, auctionPhase, bidPhase, bestBids);
}

// Sends pre-signed bodies from concurrent clients. With ordered = k, body n belongs to stream n % k and
// one client sends a stream's bodies in order; otherwise clients take the next body as they come.
async Task<Phase> DriveAsync(string name, byte[][] bodies, int concurrency, int ordered = 0)
{
    var refused = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
    var latencies = new double[bodies.Length];
    var next = -1;
    var metrics = server.Engine.Metrics;
    var batchesBefore = Counter(metrics, "dream_ledger_batches_total");
    var commitBefore = Counter(metrics, "dream_ledger_commit_seconds_total");
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(c => Task.Run(async () =>
    {
        if (ordered > 0)
        {
            for (var n = 0; n < bodies.Length; n++)
            {
                if (n % ordered % concurrency == c)
                {
                    await SendAsync(n);
                }
            }

            return;
        }

        int i;
        while ((i = Interlocked.Increment(ref next)) < bodies.Length)
        {
            await SendAsync(i);
        }
    })));
    var elapsed = clock.Elapsed;
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore) / (elapsed * Environment.ProcessorCount);
    var batches = Counter(metrics, "dream_ledger_batches_total") - batchesBefore;
    var committing = (Counter(metrics, "dream_ledger_commit_seconds_total") - commitBefore) / elapsed.TotalSeconds;
    Array.Sort(latencies);
    var rate = bodies.Length / elapsed.TotalSeconds;
    var cpuPerTx = cpu * Environment.ProcessorCount * elapsed.TotalMicroseconds / bodies.Length;
    Console.WriteLine($"  {name}: {bodies.Length} in {elapsed.TotalSeconds:F2} s = {rate:N0} tx/s; {concurrency} clients, {bodies.Length / Math.Max(1, batches):F1} entries per fsync (store commits {committing:P0} of the time), latency p50 {Percentile(latencies, 0.5):F1} ms p99 {Percentile(latencies, 0.99):F1} ms; process CPU {cpu:P0} of {Environment.ProcessorCount} cores = {cpuPerTx:F0} us per tx (clients and ledger)");
    foreach (var (error, count) in refused)
    {
        Console.WriteLine($"  REFUSED {count} x {error}");
    }

    return new Phase(rate, cpuPerTx, refused);

    async Task SendAsync(int n)
    {
        var started = Stopwatch.GetTimestamp();
        using var content = new ByteArrayContent(bodies[n]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync("api/v1/market/transactions", content);
        var text = await response.Content.ReadAsStringAsync();
        latencies[n] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            refused.AddOrUpdate($"{(int)response.StatusCode} {text}", 1, (_, k) => k + 1);
        }
    }
}

async Task AdminAsync(string path, JsonNode body)
{
    using var response = await admin.PostAsync(path, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

static double Counter(Dream.Ledger.Metrics.LedgerMetrics metrics, string name) =>
    double.Parse(metrics.ToPrometheusText().Split('\n').First(l => l.StartsWith(name + " ", StringComparison.Ordinal)).Split(' ')[1], CultureInfo.InvariantCulture);

static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

static (double Verify1, double VerifyAll, double SignAll) MeasureCrypto()
{
    using var key = Ed25519PrivateKey.Generate();
    var message = new byte[600];
    var signature = key.Sign(message);
    var publicKey = key.PublicKey;
    double Run(int threads, Action op)
    {
        var counts = new long[threads];
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            while (clock.ElapsedMilliseconds < 1000)
            {
                for (var i = 0; i < 50; i++)
                {
                    op();
                }

                counts[t] += 50;
            }
        });
        return counts.Sum() / clock.Elapsed.TotalSeconds;
    }

    var cores = Environment.ProcessorCount;
    return (Run(1, () => publicKey.Verify(message, signature)), Run(cores, () => publicKey.Verify(message, signature)), Run(cores, () => key.Sign(message)));
}
