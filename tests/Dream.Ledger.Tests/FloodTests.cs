using System.Net.Http.Headers;
using Dream.Ledger.State;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Dream.Ledger.Tests;

/// <summary>Hostile input must not fill the ledger's disk: the database and its WAL are measured under each flood.</summary>
public sealed class FloodTests(ITestOutputHelper output)
{
    private const int FloodMessages = 2000;

    /// <summary>ledger.db plus its write-ahead log: what a flood would fill.</summary>
    private static long DiskUse(TestLedger ledger)
    {
        var database = Path.Combine(ledger.Config.DataDir, LedgerDataDirectory.DatabaseFileName);
        return new FileInfo(database).Length + (File.Exists(database + "-wal") ? new FileInfo(database + "-wal").Length : 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_device_flooding_refused_input_is_counted_throttled_and_reported_while_another_device_flows(bool budgeted)
    {
        await using var ledger = await TestLedger.StartAsync(configure: c =>
        {
            if (!budgeted)
            {
                // What the quarantine did before its budget: every refused body kept whole.
                c.Quarantine.BytesPerSourceReason = long.MaxValue / 4;
                c.Quarantine.MaxBytes = long.MaxValue / 4;
            }
        });
        var flooder = await ledger.AddApprovedAgentAsync();
        var neighbour = await ledger.AddApprovedAgentAsync();
        var throttled = new List<(string Source, string Reason)>();
        ledger.Server.Engine.QuarantineThrottled += (source, reason) =>
        {
            lock (throttled)
            {
                throttled.Add((source, reason));
            }
        };
        await flooder.PublishAsync(flooder.Next());
        await flooder.WaitForReceiptAsync(1);
        var before = DiskUse(ledger);

        // The flooder's broker password sends 2,000 envelopes just over 16 KiB on its own topic while the neighbour's readings go on.
        var oversize = Encoding.UTF8.GetBytes($$"""{"dream":1,"payload":"{{new string('A', 17_000)}}","signatures":[]}""");
        var neighbourReadings = Enumerable.Range(0, 20).Select(_ => neighbour.Next()).ToArray();
        var flood = Task.Run(async () =>
        {
            for (var i = 0; i < FloodMessages; i += 100)
            {
                await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => flooder.PublishRawAsync(oversize)));
            }
        });
        foreach (var reading in neighbourReadings)
        {
            await neighbour.PublishAsync(reading);
        }

        Assert.Equal(20, (await neighbour.WaitForReceiptAsync(20)).ThroughSequence);
        await flood;

        // Ingest is in order: the flooder's next reading's receipt means every flood message was processed.
        await flooder.PublishAsync(flooder.Next());
        await flooder.WaitForReceiptAsync(2);
        var grown = DiskUse(ledger) - before;
        output.WriteLine($"budgeted={budgeted}: {FloodMessages} refused messages of {oversize.Length} bytes grew ledger.db + wal by {grown:N0} bytes");

        var metrics = ledger.Server.Engine.Metrics;
        Assert.Equal(FloodMessages, metrics.Rejected(RejectReason.Oversize));
        var source = Topics.Readings(flooder.Device);
        var counts = ledger.Server.Store.QuarantineCounts().Single(c => c.Source == source && c.Reason == "oversize");
        Assert.Equal(FloodMessages, counts.Count);
        if (budgeted)
        {
            Assert.InRange(counts.KeptBytes, 1, ledger.Config.Quarantine.BytesPerSourceReason);
            Assert.True(counts.Kept < 20, $"{counts.Kept} bodies kept");
            Assert.Equal(FloodMessages - counts.Kept, metrics.QuarantineBodiesDropped);
            Assert.True(grown < 4 * 1024 * 1024, $"the flood grew the ledger's files by {grown} bytes");
            Assert.Equal([(source, "oversize")], throttled);

            using var admin = new HttpClient { BaseAddress = new Uri(ledger.Config.AdminListen + "/") };
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ledger.Server.AdminToken);
            var summary = await admin.GetFromJsonAsync<JsonElement>("admin/v1/quarantine/summary");
            var row = summary.EnumerateArray().Single(r => r.GetProperty("source").GetString() == source);
            Assert.True(row.GetProperty("throttled").GetBoolean());
            Assert.Equal(FloodMessages, row.GetProperty("count").GetInt64());
            Assert.Contains("dream_ledger_quarantine_throttled 1", await ledger.Public.GetStringAsync("metrics"), StringComparison.Ordinal);
        }
        else
        {
            // The same flood without the budget: the bounds above are what stands between it and the disk.
            Assert.True(grown > FloodMessages * 16_000L * 8 / 10, $"only {grown} bytes");
        }
    }

    [Fact]
    public async Task Passport_submissions_need_a_registered_installer_and_are_rate_limited_per_installer_and_in_all()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var ledger = await TestLedger.StartAsync(time: time, configure: c => c.PassportSubmissions = new() { InstallerPerMinute = 10, InstallerBurst = 20, TotalPerMinute = 60, TotalBurst = 30 });
        await ledger.RegisterInstallerAsync();
        using var second = Ed25519PrivateKey.Generate();
        using (var registered = await ledger.Admin.PostAsJsonAsync("admin/v1/participants", new { did = second.PublicKey.Did, role = "installer", name = "Second Installer" }))
        {
            Assert.True(registered.IsSuccessStatusCode);
        }

        var before = DiskUse(ledger);
        async Task<HttpResponseMessage> SubmitAsync(Ed25519PrivateKey? installer)
        {
            var agent = new TestAgent(ledger.Owner, 0, installer);
            await using var _ = agent;
            using var content = new ByteArrayContent(agent.Passport.Envelope.ToBytes());
            return await ledger.Public.PostAsync("api/v1/passports", content);
        }

        // 500 submissions signed by installers nobody registered: refused, nothing stored.
        for (var i = 0; i < 500; i++)
        {
            using var response = await SubmitAsync(null);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Empty(await ledger.Server.Store.PendingPassportsAsync());
        var afterAnonymous = DiskUse(ledger) - before;

        // A registered installer: its burst of 20, then 429 with Retry-After (one every 6 s at 10 a minute).
        var statuses = new List<HttpStatusCode>();
        TimeSpan? retryAfter = null;
        for (var i = 0; i < 40; i++)
        {
            using var response = await SubmitAsync(ledger.Installer);
            statuses.Add(response.StatusCode);
            retryAfter ??= response.Headers.RetryAfter?.Delta;
        }

        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(TimeSpan.FromSeconds(6), retryAfter);
        time.Advance(TimeSpan.FromSeconds(6));
        using (var again = await SubmitAsync(ledger.Installer))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        }

        // In all (30 at once, then one a second): 21 taken, 6 s refilled 6, so the second installer gets 15 before 429.
        var secondAccepted = 0;
        for (var i = 0; i < 20; i++)
        {
            using var response = await SubmitAsync(second);
            secondAccepted += response.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
        }

        Assert.Equal(15, secondAccepted);
        Assert.Equal(36, (await ledger.Server.Store.PendingPassportsAsync()).Count);
        var grown = DiskUse(ledger) - before;
        output.WriteLine($"500 unregistered submissions grew ledger.db + wal by {afterAnonymous:N0} bytes; 25 rate-limited and 36 accepted ones by {grown:N0} bytes in all");
        Assert.True(afterAnonymous < 64 * 1024, $"refused submissions grew the files by {afterAnonymous} bytes");
        Assert.True(grown < 1024 * 1024, $"{grown} bytes");
    }
}
