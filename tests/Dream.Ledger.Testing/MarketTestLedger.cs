using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dream.Contracts.Http;
using Dream.Ledger.Server.Hosting;
using Dream.Ledger.Trading;
using Dream.Market.Transactions;
using Dream.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Dream.Ledger.Testing;

/// <summary>
/// A real ledger (data directory, SQLite, Mosquitto, Kestrel on loopback) whose clock is a
/// <see cref="FakeTimeProvider"/>, plus the HTTP calls of the market as a participant makes them.
/// </summary>
public sealed class MarketTestLedger : IAsyncDisposable
{
    public const string PromiseTemplate = "Power promise: {{supplier}} delivers {{amountWh}} Wh from {{startUtc}} to {{endUtc}} at metering point {{passport}}; deposit {{deposit}} (tariff {{tariffVersion}}, penalty {{penaltyPerKwh}} per kWh, fee {{gridFeePerKwh}} per kWh, grace {{graceMs}} ms).";
    public const string AuctionTemplate = "Auction of promise {{promise}} by {{owner}}: base price {{basePrice}}, bids until {{deadlineUtc}}; the best bid wins.";

    /// <summary>One quarter hour, the delivery windows' unit, in ms.</summary>
    public const long Quarter = 15 * 60_000;

    private readonly List<TestAgent> _agents = [];
    private readonly List<Ed25519PrivateKey> _participants = [];
    private readonly TestLedger _ledger;

    private MarketTestLedger(TestLedger ledger, FakeTimeProvider time)
    {
        _ledger = ledger;
        Time = time;
    }

    public TemporaryDirectory Directory => _ledger.Directory;

    public MosquittoProcess Broker => _ledger.Broker;

    public LedgerServerConfig Config => _ledger.Config;

    public FakeTimeProvider Time { get; }

    public LedgerServer Server => _ledger.Server;

    public HttpClient Public => _ledger.Public;

    public HttpClient Admin => _ledger.Admin;

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public static async Task<MarketTestLedger> StartAsync(DateTimeOffset start)
    {
        var time = new FakeTimeProvider(start);
        return new MarketTestLedger(await TestLedger.StartAsync(configure: c => c.CheckpointPeriodSeconds = 60, time: time), time);
    }

    /// <summary>A ledger whose clock starts one minute into the current quarter hour, so the next windows are whole quarters ahead.</summary>
    public static Task<MarketTestLedger> StartInQuarterAsync() =>
        StartAsync(DateTimeOffset.FromUnixTimeMilliseconds((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / Quarter * Quarter) + 60_000));

    /// <summary>The start of the quarter hour <paramref name="quarters"/> after the current one.</summary>
    public long QuarterFromNow(int quarters) => (NowMs / Quarter * Quarter) + (quarters * Quarter);

    public Task StartServerAsync() => _ledger.StartServerAsync();

    public Task StopServerAsync() => _ledger.StopServerAsync();

    /// <summary>Moves the ledger's clock and waits until the market job has run at the new time.</summary>
    public async Task AdvanceAndRunSchedulerAsync(TimeSpan by)
    {
        Time.Advance(by);
        await Server.Scheduler.Jobs.OfType<MarketScheduleJob>().Single().RunAsync(Time.GetUtcNow(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task<JsonElement> AdminPostAsync(string path, object body, bool expectOk = true)
    {
        using var response = await Admin.PostAsJsonAsync(path, body);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode == expectOk, $"{path}: {(int)response.StatusCode} {answer}");
        return answer;
    }

    public async Task RegisterAsync(Ed25519PrivateKey key, string role, string name) =>
        await AdminPostAsync("admin/v1/participants", new { did = key.PublicKey.Did, role, name });

    /// <summary>A new key, registered as <paramref name="role"/>; disposed with the ledger.</summary>
    public async Task<Ed25519PrivateKey> ParticipantAsync(string role, string name)
    {
        var key = Ed25519PrivateKey.Generate();
        _participants.Add(key);
        await RegisterAsync(key, role, name);
        return key;
    }

    /// <summary>The tariff the market tests trade under (EUR, penalty 3.00/kWh, fee 0.10/kWh) and both contract templates.</summary>
    public async Task PublishTariffAndTemplatesAsync(long graceMs = 5 * 60_000)
    {
        await AdminPostAsync("admin/v1/market/tariff", new { currency = "EUR", penaltyPerKwh = 300, gridFeePerKwh = 10, minWh = 100, maxWh = 1_000_000, graceMs });
        await AdminPostAsync("admin/v1/market/templates", new { kind = "promise", text = PromiseTemplate });
        await AdminPostAsync("admin/v1/market/templates", new { kind = "auction", text = AuctionTemplate });
    }

    public Task<JsonElement> CreditAsync(string account, long amount, string reference, bool expectOk = true) =>
        AdminPostAsync("admin/v1/market/credit", new { account, amount, reference }, expectOk);

    /// <summary>An agent for a meter owned by <paramref name="owner"/>, approved and connected.</summary>
    public async Task<TestAgent> AddMeterAsync(Ed25519PrivateKey owner)
    {
        var agent = new TestAgent(owner, 0, _ledger.Installer);
        _agents.Add(agent);
        await _ledger.ApproveAsync(await _ledger.SubmitPassportAsync(agent));
        await agent.ConnectAsync(Broker.Port, Server.Key.PublicKey);
        return agent;
    }

    /// <summary>Posts a signed transaction; returns the HTTP status and the answer.</summary>
    public async Task<(int Status, JsonElement Body)> SubmitAsync(MarketTransaction transaction)
    {
        using var content = new ByteArrayContent(transaction.ToBytes());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Public.PostAsync("api/v1/market/transactions", content);
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public async Task<string> AcceptedAsync(MarketTransaction transaction)
    {
        var (status, body) = await SubmitAsync(transaction);
        Assert.True(status == 200, $"{transaction.Payload.Type}: {status} {body}");
        Assert.Equal(transaction.Id, body.GetProperty("id").GetString());
        return transaction.Id;
    }

    public async Task<string> RefusedAsync(MarketTransaction transaction, int status)
    {
        var (actual, body) = await SubmitAsync(transaction);
        Assert.True(actual == status, $"{transaction.Payload.Type}: expected {status}, got {actual} {body}");
        return body.GetProperty("error").GetString()!;
    }

    /// <summary>A GET signed by <paramref name="key"/> (signed requests, docs/ledger.md).</summary>
    public async Task<(int Status, JsonElement Body)> GetAsync(Ed25519PrivateKey key, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        SignedRequest.AddHeaders(request, key, "/" + path.TrimStart('/'), NowMs);
        using var response = await Public.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public async Task<JsonElement> GetOkAsync(Ed25519PrivateKey key, string path)
    {
        var (status, body) = await GetAsync(key, path);
        Assert.True(status == 200, $"{path}: {status} {body}");
        return body;
    }

    /// <summary>A promise signed by its supplier; the ledger countersigns it with the GA key.</summary>
    public MarketTransaction Promise(Ed25519PrivateKey supplier, string passport, long amountWh, long startMs, long endMs) =>
        MarketDrafts.Promise(Server.Engine, supplier, passport, amountWh, startMs, endMs, NowMs);

    public MarketTransaction Auction(Ed25519PrivateKey owner, string promise, long basePrice, long deadlineMs) =>
        MarketDrafts.Auction(Server.Engine, owner, promise, basePrice, deadlineMs, NowMs);

    public MarketTransaction Bid(Ed25519PrivateKey bidder, string auction, long amount) => MarketDrafts.Bid(bidder, auction, amount, NowMs);

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        await _ledger.DisposeAsync();
        foreach (var key in _participants)
        {
            key.Dispose();
        }
    }
}
