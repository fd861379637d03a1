using System.Net;
using System.Net.Http.Headers;

namespace Dream.Dashboard.Tests;

/// <summary>Where the dashboard is served and who may read its data.</summary>
[Collection(DashboardTestGroup.Name)]
public sealed class DashboardHttpTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Pages_and_data_exist_on_the_admin_listener_only_and_data_needs_the_token()
    {
        using var publicHttp = new HttpClient { BaseAddress = new Uri(fixture.Ledger.Config.Listen + "/") };
        using var adminHttp = new HttpClient { BaseAddress = new Uri(fixture.Ledger.Config.AdminListen + "/") };

        Assert.Equal(HttpStatusCode.NotFound, (await publicHttp.GetAsync("dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await publicHttp.GetAsync("")).StatusCode);
        using (var request = new HttpRequestMessage(HttpMethod.Get, "dashboard/api/overview"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Ledger.Server.AdminToken);
            Assert.Equal(HttpStatusCode.NotFound, (await publicHttp.SendAsync(request)).StatusCode);
        }

        using var page = await adminHttp.GetAsync("dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using var script = await adminHttp.GetAsync("dashboard/js/merkle.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await adminHttp.GetAsync("dashboard/../../../../etc/passwd")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adminHttp.GetAsync("dashboard/%2e%2e/%2e%2e/appsettings.json")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await adminHttp.GetAsync("dashboard/api/overview")).StatusCode);
        adminHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Ledger.Server.AdminToken);
        var overview = JsonDocument.Parse(await adminHttp.GetStringAsync("dashboard/api/overview")).RootElement;
        Assert.Equal("ledger.test/dream", overview.GetProperty("origin").GetString());
        Assert.Equal(2 * DashboardFixture.ReadingsPerDevice, overview.GetProperty("readings").GetInt64());
    }

    [Fact]
    public async Task The_interval_series_carries_the_signed_deltas_and_log_indexes()
    {
        using var adminHttp = new HttpClient { BaseAddress = new Uri(fixture.Ledger.Config.AdminListen + "/") };
        adminHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Ledger.Server.AdminToken);
        var (agent, readings) = fixture.Devices[0];
        var series = JsonDocument.Parse(await adminHttp.GetStringAsync($"dashboard/api/devices/{Uri.EscapeDataString(agent.Device)}/intervals?limit=5")).RootElement;
        var intervals = series.GetProperty("intervals").EnumerateArray().ToList();
        Assert.Equal(readings[^5..].Select(r => r.Reading.Sequence), intervals.Select(i => i.GetProperty("seq").GetInt64()));
        Assert.Equal(readings[^5..].Select(r => r.Reading.DeltaExportWh), intervals.Select(i => i.GetProperty("exportWh").GetInt64()));
        foreach (var interval in intervals)
        {
            var seq = interval.GetProperty("seq").GetInt64();
            Assert.Equal(fixture.Ledger.Server.Store.FindReading(agent.Device, seq)!.LogIndex, interval.GetProperty("logIndex").GetInt64());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await adminHttp.GetAsync("dashboard/api/devices/did%3Akey%3Aznobody/intervals")).StatusCode);
        var entry = JsonDocument.Parse(await adminHttp.GetStringAsync($"dashboard/api/entries/{intervals[0].GetProperty("logIndex").GetInt64()}")).RootElement;
        Assert.Equal(readings[^5].Envelope.ToBytes(), Convert.FromBase64String(entry.GetProperty("entry").GetString()!));
    }
}
