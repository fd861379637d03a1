using System.Net.Http.Headers;
using Dream.Contracts.Http;
using Dream.Crypto;
using Dream.Market.Contracts;

namespace Dream.Cli;

/// <summary>The ledger's market API as a participant uses it: signed transactions and signed queries.</summary>
public sealed class LedgerClient(Uri ledger, Ed25519PrivateKey key, Func<long> nowMs) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(ledger.ToString().TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };

    public Ed25519PrivateKey Key { get; } = key;

    public long NowMs() => nowMs();

    /// <summary>Submits a signed transaction; returns the answer, or throws with the rule the ledger names.</summary>
    public async Task<JsonElement> SubmitAsync(MarketTransaction transaction, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        using var content = new ByteArrayContent(transaction.ToBytes());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await SendAsync(() => _http.PostAsync("api/v1/market/transactions", content, ct));
        return await ReadAsync(response, ct);
    }

    /// <summary>A GET signed with the participant's key.</summary>
    public async Task<JsonElement> GetAsync(string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        SignedRequest.AddHeaders(request, Key, "/" + path, nowMs());
        using var response = await SendAsync(() => _http.SendAsync(request, ct));
        return await ReadAsync(response, ct);
    }

    /// <summary>The market's current tariff, as the grid authority signed it.</summary>
    public async Task<TariffPayload> TariffAsync(CancellationToken ct)
    {
        var tariff = await GetAsync("api/v1/market/tariff", ct);
        return (TariffPayload)MarketPayloadReader.Parse(Convert.FromBase64String(tariff.GetProperty("payload").GetString()!));
    }

    /// <summary>The latest contract template of a kind, as its signed payload (its type says how money renders).</summary>
    public async Task<ContractTemplatePayload> LatestTemplateAsync(ContractKind kind, CancellationToken ct)
    {
        var name = ContractKinds.Name(kind);
        var latest = (await GetAsync("api/v1/market/templates", ct)).EnumerateArray()
            .Where(t => t.GetProperty("kind").GetString() == name)
            .OrderBy(t => t.GetProperty("version").GetInt64())
            .LastOrDefault();
        return latest.ValueKind == JsonValueKind.Object
            ? (ContractTemplatePayload)MarketPayloadReader.Parse(Convert.FromBase64String(latest.GetProperty("payload").GetString()!))
            : throw new CliException("NoTemplate", $"The grid authority has published no {name} contract template yet.");
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send();
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"Cannot reach the ledger at {_http.BaseAddress}: {e.Message}", e);
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonElement body;
        try
        {
            using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new CliException($"The ledger answered {(int)response.StatusCode} with something that is not JSON.");
        }

        if (!response.IsSuccessStatusCode)
        {
            var rule = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var e) ? e.GetString() ?? "error" : "error";
            var message = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : text;
            throw new CliException(rule, message);
        }

        return body;
    }
}
