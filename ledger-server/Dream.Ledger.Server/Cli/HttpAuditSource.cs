using System.Globalization;
using System.Text.Json;
using Dream.Crypto;
using Dream.Ledger.Audit;
using Dream.Ledger.Auth;
using Dream.Ledger.State;
using Dream.Transparency.Merkle;

namespace Dream.Ledger.Server.Cli;

/// <summary>
/// Audits a ledger through its public API; with an auditor key, requests are signed so entries are visible.
/// With a pinned verifier key (obtained out of band) the key the server serves must be that one: otherwise the
/// server could serve any key and checkpoints signed by it.
/// </summary>
public sealed class HttpAuditSource(HttpClient http, Ed25519PrivateKey? auditor, string? pinnedVerifierKey = null) : IAuditSource
{
    // The ledger's clock minus ours, from its latest Dream-Time header: requests are signed on its clock, which in
    // a demo runs accelerated (and the HTTP Date header shows real time).
    private long _clockOffsetMs;

    public async Task<string> VerifierKeyAsync(CancellationToken cancellationToken)
    {
        var served = (await GetStringAsync("log/key", cancellationToken)).Trim();
        if (pinnedVerifierKey is not null && !string.Equals(served, pinnedVerifierKey.Trim(), StringComparison.Ordinal))
        {
            throw new AuditSourceException($"The ledger serves the verifier key '{served}', not the pinned '{pinnedVerifierKey.Trim()}': refusing to audit it.");
        }

        return served;
    }

    public async Task<IReadOnlyList<string>> CheckpointNotesAsync(CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await GetStringAsync("log/checkpoints", cancellationToken));
        return [.. document.RootElement.EnumerateArray().Select(c => c.GetProperty("note").GetString()!)];
    }

    public async Task<IReadOnlyList<AuditEntry>> EntriesAsync(long start, int count, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"/log/entries?start={start}&count={count}");
        var response = await SendEntriesRequestAsync(path, cancellationToken);
        if (auditor is not null && response.StatusCode == System.Net.HttpStatusCode.Unauthorized && response.Headers.Contains(SignedRequest.TimeHeader))
        {
            // Our estimate of its clock was stale (an accelerated clock drifts from it fast): once more, on the time it just stated.
            response.Dispose();
            response = await SendEntriesRequestAsync(path, cancellationToken);
        }

        using var answer = response;
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var why = auditor is null ? "" : $" the signed request as {auditor.PublicKey.Did}";
            throw new AuditSourceException($"The ledger refused{why} (HTTP {(int)response.StatusCode} {response.ReasonPhrase}): {body.Trim()}");
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return [.. document.RootElement.GetProperty("entries").EnumerateArray().Select(e => new AuditEntry(
            e.GetProperty("index").GetInt64(),
            Sha256Hash.FromBase64(e.GetProperty("leafHash").GetString()!),
            e.GetProperty("entry").ValueKind == JsonValueKind.String ? Convert.FromBase64String(e.GetProperty("entry").GetString()!) : null))];
    }

    public async Task<IReadOnlyList<Sha256Hash>> ConsistencyProofAsync(long fromSize, long toSize, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await GetStringAsync(string.Create(CultureInfo.InvariantCulture, $"log/proof/consistency?from={fromSize}&to={toSize}"), cancellationToken));
        return [.. document.RootElement.GetProperty("hashes").EnumerateArray().Select(h => Sha256Hash.FromBase64(h.GetString()!))];
    }

    private async Task<HttpResponseMessage> SendEntriesRequestAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        if (auditor is not null)
        {
            var (signer, timestamp, signature) = SignedRequest.Sign(auditor, "GET", path, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + _clockOffsetMs);
            request.Headers.Add(SignedRequest.SignerHeader, signer);
            request.Headers.Add(SignedRequest.TimestampHeader, timestamp);
            request.Headers.Add(SignedRequest.SignatureHeader, signature);
        }

        var response = await http.SendAsync(request, cancellationToken);
        LearnClock(response);
        return response;
    }

    private async Task<string> GetStringAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        LearnClock(response);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private void LearnClock(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues(SignedRequest.TimeHeader, out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var serverMs))
        {
            _clockOffsetMs = serverMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        }
    }

    public Task<IReadOnlyList<string>> CrossCheckAsync(LedgerState state, long size, Sha256Hash root, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
