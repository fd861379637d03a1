using Dream.Contracts.Http;

namespace Dream.Ledger.Tests;

/// <summary>A signed request signs the request-target exactly as sent (docs/ledger.md, "Signed requests"): raw, not decoded.</summary>
public sealed class SignedRequestTargetTests
{
    [Fact]
    public async Task The_signature_covers_the_raw_target_as_sent_and_the_dashboard_proxy_signs_what_it_sends()
    {
        await using var ledger = await TestLedger.StartAsync();
        var did = ledger.GridAuthority.Did;
        var encoded = "/api/v1/market/accounts/" + Uri.EscapeDataString(did);
        Assert.Contains("%3A", encoded, StringComparison.Ordinal);

        // Sent percent-encoded and signed so: accepted. Sent encoded but signed decoded: refused.
        Assert.Equal(HttpStatusCode.OK, await SendAsync(ledger, sent: encoded, signed: encoded));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(ledger, sent: "/api/v1/market/accounts/" + did, signed: "/api/v1/market/accounts/" + did));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(ledger, sent: encoded, signed: "/api/v1/market/accounts/" + did));

        // The dashboard's market view reaches the API through a request the server signs with the GA key.
        using var state = await ledger.Admin.GetAsync("dashboard/api/market/state");
        var body = await state.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(state.IsSuccessStatusCode, body.ToString());
        Assert.Equal(64, body.GetProperty("stateHash").GetString()!.Length);
    }

    private static async Task<HttpStatusCode> SendAsync(TestLedger ledger, string sent, string signed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sent.TrimStart('/'), UriKind.Relative));
        SignedRequest.AddHeaders(request, ledger.Server.Key, signed, ledger.Time.GetUtcNow().ToUnixTimeMilliseconds());
        using var response = await ledger.Public.SendAsync(request);
        return response.StatusCode;
    }
}
