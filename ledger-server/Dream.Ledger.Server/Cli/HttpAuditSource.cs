using System.Globalization;
using System.Net;
using System.Text.Json;
using Dream.Contracts.Http;
using Dream.Crypto;
using Dream.Ledger.Audit;
using Dream.Ledger.State;
using Dream.Transparency.Checkpoints;
using Dream.Transparency.Merkle;
using Dream.Transparency.Notes;
using Dream.Transparency.Tiles;

namespace Dream.Ledger.Server.Cli;

/// <summary>
/// Audits a ledger through its public API, reading the tree as C2SP tiles (<c>/log/tile/…</c>: static, cacheable
/// files) and computing consistency proofs from them. With an auditor key, requests are signed and the entries come
/// from entry bundles; a requester the ledger does not give whole bundles (not a verification agency) reads them
/// through <c>/log/entries</c>, which shows what that requester may see. With a pinned verifier key (obtained out
/// of band) the key the server serves must be that one: otherwise the server could serve any key and checkpoints
/// signed by it.
/// </summary>
public sealed class HttpAuditSource(HttpClient http, Ed25519PrivateKey? auditor, string? pinnedVerifierKey = null) : IAuditSource
{
    /// <summary>What <see cref="FetchTileAsync"/> returns for an entry bundle the ledger withholds from this requester.</summary>
    private static readonly byte[] s_withheld = [0xFF];

    // The ledger's clock minus ours, from its latest Dream-Time header: requests are signed on its clock, which in
    // a demo runs accelerated (and the HTTP Date header shows real time).
    private long _clockOffsetMs;
    private long _treeSize;
    private TileNodeReader? _tiles;
    private (long Index, IReadOnlyList<byte[]>? Entries) _bundle = (-1, null);

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
        IReadOnlyList<string> notes = [.. document.RootElement.EnumerateArray().Select(c => c.GetProperty("note").GetString()!)];

        // The tiles to read are those of the largest checkpoint; the audit verifies its signature before it reads them.
        _treeSize = notes.Select(SizeOf).DefaultIfEmpty(0).Max();
        _tiles = new TileNodeReader(_treeSize, FetchTileAsync);
        return notes;
    }

    public async Task<IReadOnlyList<AuditEntry>> EntriesAsync(long start, int count, CancellationToken cancellationToken)
    {
        var tiles = _tiles ?? throw new InvalidOperationException("Read the checkpoints first.");
        count = (int)Math.Max(0, Math.Min(count, _treeSize - start));
        var leaves = new Sha256Hash[count];
        try
        {
            await tiles.ReadNodesAsync([.. Enumerable.Range(0, count).Select(i => new NodeId(0, start + i))], leaves, cancellationToken);
        }
        catch (MerkleProofException e)
        {
            throw new AuditSourceException($"The ledger's tiles cannot be read: {e.Message}", e);
        }

        var data = auditor is null ? new byte[count][] : await EntryDataAsync(start, count, cancellationToken);
        return [.. Enumerable.Range(0, count).Select(i => new AuditEntry(start + i, leaves[i], data[i]))];
    }

    public async Task<IReadOnlyList<Sha256Hash>> ConsistencyProofAsync(long fromSize, long toSize, CancellationToken cancellationToken)
    {
        var tiles = _tiles ?? throw new InvalidOperationException("Read the checkpoints first.");
        try
        {
            return await MerkleProofs.ConsistencyAsync(tiles, fromSize, toSize, cancellationToken);
        }
        catch (MerkleProofException e)
        {
            throw new AuditSourceException($"The ledger's tiles cannot be read: {e.Message}", e);
        }
    }

    public Task<IReadOnlyList<string>> CrossCheckAsync(LedgerState state, long size, Sha256Hash root, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    private static long SizeOf(string note)
    {
        try
        {
            return Checkpoint.Parse(SignedNote.Parse(note).Text).Size;
        }
        catch (NoteFormatException)
        {
            return 0;
        }
    }

    private async Task<byte[]?[]> EntryDataAsync(long start, int count, CancellationToken cancellationToken)
    {
        var data = new byte[]?[count];
        for (var i = 0; i < count;)
        {
            var index = start + i;
            var bundleIndex = index / TileId.FullWidth;
            var entries = await BundleAsync(bundleIndex, cancellationToken);
            var end = Math.Min(count, (int)(((bundleIndex + 1) * TileId.FullWidth) - start));
            if (entries is null)
            {
                // Not given whole bundles: the per-entry API shows what this requester may see.
                var page = await EntriesFromApiAsync(index, end - i, cancellationToken);
                foreach (var entry in page)
                {
                    data[entry.Index - start] = entry.Data;
                }
            }
            else
            {
                for (var j = i; j < end; j++)
                {
                    var offset = (int)(start + j - (bundleIndex * TileId.FullWidth));
                    data[j] = offset < entries.Count ? entries[offset] : throw new AuditSourceException($"{TileId.Entries(bundleIndex)} holds {entries.Count} entries; the tree needs entry {start + j}.");
                }
            }

            i = end;
        }

        return data;
    }

    /// <summary>The entries of bundle <paramref name="index"/> for the audited size, or null when the ledger withholds bundles from this requester.</summary>
    private async Task<IReadOnlyList<byte[]>?> BundleAsync(long index, CancellationToken cancellationToken)
    {
        if (_bundle.Index == index)
        {
            return _bundle.Entries;
        }

        var width = (int)Math.Min(TileId.FullWidth, _treeSize - (index * TileId.FullWidth));
        var bytes = await FetchTileAsync(TileId.Entries(index, width), cancellationToken);
        if (bytes is null && width < TileId.FullWidth)
        {
            bytes = await FetchTileAsync(TileId.Entries(index), cancellationToken);
        }

        if (bytes is null)
        {
            throw new AuditSourceException($"The ledger does not serve {TileId.Entries(index, width)}, which its checkpoint of size {_treeSize} needs.");
        }

        IReadOnlyList<byte[]>? entries = null;
        if (!ReferenceEquals(bytes, s_withheld))
        {
            try
            {
                entries = EntryBundle.Decode(bytes);
            }
            catch (FormatException e)
            {
                throw new AuditSourceException($"{TileId.Entries(index, width)} is not an entry bundle: {e.Message}", e);
            }
        }

        _bundle = (index, entries);
        return entries;
    }

    /// <summary>A tile's bytes, null when the ledger has no such tile, <see cref="s_withheld"/> when it refuses this requester an entry bundle.</summary>
    private async Task<byte[]?> FetchTileAsync(TileId tile, CancellationToken cancellationToken)
    {
        using var response = await SendAsync("/log/" + tile.ToPath(), signed: tile.IsEntryBundle, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (tile.IsEntryBundle && response.StatusCode == HttpStatusCode.Forbidden)
        {
            return s_withheld;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new AuditSourceException($"The ledger refused {tile} (HTTP {(int)response.StatusCode} {response.ReasonPhrase}): {(await response.Content.ReadAsStringAsync(cancellationToken)).Trim()}");
        }

        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<AuditEntry>> EntriesFromApiAsync(long start, int count, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"/log/entries?start={start}&count={count}");
        using var response = await SendAsync(path, signed: true, cancellationToken);
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

    private async Task<HttpResponseMessage> SendAsync(string path, bool signed, CancellationToken cancellationToken)
    {
        var response = await SendOnceAsync(path, signed, cancellationToken);
        if (signed && auditor is not null && response.StatusCode == HttpStatusCode.Unauthorized && response.Headers.Contains(SignedRequest.TimeHeader))
        {
            // Our estimate of its clock was stale (an accelerated clock drifts from it fast): once more, on the time it just stated.
            response.Dispose();
            response = await SendOnceAsync(path, signed, cancellationToken);
        }

        return response;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(string path, bool signed, CancellationToken cancellationToken)
    {
        using var request = Request(path, signed);
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

    private HttpRequestMessage Request(string path, bool signed)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        if (signed && auditor is not null)
        {
            SignedRequest.AddHeaders(request, auditor, path, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + _clockOffsetMs);
        }

        return request;
    }
}
