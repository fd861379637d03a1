using System.Net.Http.Headers;
using System.Text;
using Dream.Contracts.Http;
using Dream.Crypto;

namespace Dream.Demo.Ledger;

/// <summary>
/// The demo's HTTP client of the ledger: the admin API with the bearer token, and public requests signed by a
/// participant key (docs/ledger.md, "Signed requests"), timestamped on the shared simulated clock, which is the
/// ledger's clock.
/// </summary>
internal sealed class LedgerClient : IDisposable
{
    private readonly HttpClient _public;
    private readonly HttpClient _admin;
    private readonly SimulatedClock _clock;

    public LedgerClient(Uri publicUrl, Uri adminUrl, string adminToken, SimulatedClock clock)
    {
        _public = new HttpClient { BaseAddress = publicUrl, Timeout = TimeSpan.FromSeconds(30) };
        _admin = new HttpClient { BaseAddress = adminUrl, Timeout = TimeSpan.FromSeconds(30) };
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        _clock = clock;
    }

    public async Task<JsonElement> AdminPostAsync(string path, JsonNode body, CancellationToken cancellationToken)
    {
        using var response = await _admin.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), cancellationToken);
        return await ReadAsync(response, $"POST {path}", cancellationToken);
    }

    public async Task<JsonElement> AdminGetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _admin.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        return await ReadAsync(response, $"GET {path}", cancellationToken);
    }

    public async Task<JsonElement> GetAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var response = await _public.GetAsync(new Uri(pathAndQuery.TrimStart('/'), UriKind.Relative), cancellationToken);
        return await ReadAsync(response, $"GET {pathAndQuery}", cancellationToken);
    }

    /// <summary>(status, body) of a public request, signed by <paramref name="signer"/> when given.</summary>
    public async Task<(int Status, string Body)> SendAsync(HttpMethod method, string pathAndQuery, Ed25519PrivateKey? signer, string? jsonBody, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(pathAndQuery.TrimStart('/'), UriKind.Relative));
        if (signer is not null)
        {
            SignedRequest.AddHeaders(request, signer, pathAndQuery, _clock.Now.ToUnixTimeMilliseconds());
        }

        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        using var response = await _public.SendAsync(request, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public async Task<JsonElement> SignedGetAsync(string pathAndQuery, Ed25519PrivateKey signer, CancellationToken cancellationToken)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, pathAndQuery, signer, null, cancellationToken);
        if (status is < 200 or > 299)
        {
            throw new LedgerRequestException(status, $"GET {pathAndQuery}: {status} {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public void Dispose()
    {
        _public.Dispose();
        _admin.Dispose();
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new LedgerRequestException((int)response.StatusCode, $"{what}: {(int)response.StatusCode} {body}");
        }

        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}
