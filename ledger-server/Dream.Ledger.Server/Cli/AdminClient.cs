using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dream.Ledger.Server.Api;
using Dream.Ledger.Server.Hosting;

namespace Dream.Ledger.Server.Cli;

/// <summary>The admin CLI's way into a running ledger: the admin listener, with the token from the data directory.</summary>
public sealed class AdminClient : IDisposable
{
    private readonly HttpClient _http;

    public AdminClient(LedgerServerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var token = new LedgerDataDirectory(config.DataDir).ReadAdminToken();
        _http = new HttpClient { BaseAddress = new Uri(config.AdminListen.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Task<(bool Ok, JsonElement Body)> GetAsync(string path, CancellationToken ct) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct);

    public Task<(bool Ok, JsonElement Body)> PostAsync(string path, JsonNode body, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, LedgerApiJsonContext.Default.JsonNode) }, ct);

    public void Dispose() => _http.Dispose();

    private async Task<(bool, JsonElement)> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            using var response = await _http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
            return (response.IsSuccessStatusCode, document.RootElement.Clone());
        }
    }
}
