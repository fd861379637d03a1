using Dream.Ledger.Server.Api;

namespace Dream.Ledger.Tests;

/// <summary><c>GET /log/entries</c> pages as docs/ledger.md states: bounded, in order, with the log's size; a bad range is named.</summary>
public sealed class LogPagingTests
{
    [Fact]
    public async Task Pages_are_bounded_by_the_documented_maximum_in_order_and_a_bad_range_is_refused()
    {
        await using var ledger = await TestLedger.StartAsync();
        var agent = await ledger.AddApprovedAgentAsync();
        const int Readings = LogEndpoints.MaxEntriesPerPage + 100;
        for (var sent = 0; sent < Readings; sent += 500)
        {
            await agent.PublishAsync([.. Enumerable.Range(0, Math.Min(500, Readings - sent)).Select(_ => agent.Next())]);
        }

        await agent.WaitForReceiptAsync(Readings);
        var size = ledger.Server.Store.Size;
        Assert.True(size > LogEndpoints.MaxEntriesPerPage, $"size {size}");

        var first = await PageAsync(ledger, "log/entries");
        Assert.Equal(size, first.GetProperty("size").GetInt64());
        Assert.Equal(Enumerable.Range(0, LogEndpoints.MaxEntriesPerPage).Select(i => (long)i), Indices(first));

        Assert.Equal(LogEndpoints.MaxEntriesPerPage, Indices(await PageAsync(ledger, "log/entries?start=0&count=5000")).Count);
        Assert.Equal(new long[] { 5, 6, 7 }, Indices(await PageAsync(ledger, "log/entries?start=5&count=3")));
        var last = Indices(await PageAsync(ledger, $"log/entries?start={LogEndpoints.MaxEntriesPerPage}"));
        Assert.Equal(Enumerable.Range(LogEndpoints.MaxEntriesPerPage, (int)size - LogEndpoints.MaxEntriesPerPage).Select(i => (long)i), last);
        Assert.Empty(Indices(await PageAsync(ledger, $"log/entries?start={size}&count=10")));

        foreach (var bad in new[] { "log/entries?count=0", "log/entries?count=-1", "log/entries?start=-1" })
        {
            using var response = await ledger.Public.GetAsync(bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("bad_range", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }
    }

    private static async Task<JsonElement> PageAsync(TestLedger ledger, string path)
    {
        using var response = await ledger.Public.GetAsync(path);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    private static List<long> Indices(JsonElement page) =>
        [.. page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("index").GetInt64())];
}
