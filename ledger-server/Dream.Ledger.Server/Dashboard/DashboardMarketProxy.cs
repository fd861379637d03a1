using System.Globalization;
using System.Net;
using Dream.Contracts.Http;
using Dream.Ledger.Server.Api;

namespace Dream.Ledger.Server.Dashboard;

/// <summary>
/// The market views: the participants' API (<c>/api/v1/market/...</c>) asked on the grid authority's behalf,
/// a request signed with the GA key like any participant's, so the dashboard shows what the GA may see and
/// the market API stays the one source of its JSON. A 404 means that part of the market is not there yet.
/// </summary>
public static class DashboardMarketProxy
{
    private static readonly HttpClient s_http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static void Map(RouteGroupBuilder data, ApiContext api)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(api);
        data.MapGet("/market/{**path}", async (string? path, HttpContext http, CancellationToken ct) =>
        {
            var pathAndQuery = "/api/v1/market/" + (path ?? string.Empty) + http.Request.QueryString;
            var local = http.Connection.LocalIpAddress ?? IPAddress.Loopback;
            var host = local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{local}]" : local.ToString();
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{host}:{http.Connection.LocalPort.ToString(CultureInfo.InvariantCulture)}{pathAndQuery}"));
            SignedRequest.AddHeaders(request, api.Server.Key, pathAndQuery, api.Time.GetUtcNow().ToUnixTimeMilliseconds());
            try
            {
                using var response = await s_http.SendAsync(request, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                var type = response.Content.Headers.ContentType?.ToString() ?? "application/json";
                return Results.Text(body, type, null, (int)response.StatusCode);
            }
            catch (HttpRequestException e)
            {
                return ApiContext.Error(502, "market_unreachable", e.Message);
            }
        });
    }
}
