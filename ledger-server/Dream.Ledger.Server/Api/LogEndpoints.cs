using Dream.Contracts;
using Dream.Ledger.Log;
using Dream.Ledger.Storage;
using Dream.Transparency.Merkle;

namespace Dream.Ledger.Server.Api;

/// <summary>
/// The transparency log, public: checkpoints, leaf hashes, proofs and the verifier key. An entry's bytes
/// are served only to those entitled to them (readings are personal data).
/// </summary>
public static class LogEndpoints
{
    public const int MaxEntriesPerPage = 1000;

    public static void Map(IEndpointRouteBuilder app, ApiContext api)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(api);
        var server = api.Server;

        app.MapGet("/log/checkpoint", () => server.Checkpoints.Latest is { } latest
            ? Results.Text(latest.Note, "text/plain; charset=utf-8")
            : ApiContext.Error(503, "no_checkpoint", "No checkpoint has been signed yet."));

        app.MapGet("/log/checkpoints", async (CancellationToken ct) =>
            ApiJson.List((await server.Store.CheckpointsAsync(ct)).Select(c => new JsonObject { ["size"] = c.Size, ["note"] = c.Note })));

        app.MapGet("/log/key", () => Results.Text(server.Checkpoints.VerifierKey + "\n", "text/plain; charset=utf-8"));

        // The witnesses this ledger asks, for information: an auditor pins witness keys it trusts out of band.
        app.MapGet("/log/witnesses", () => ApiJson.Ok(new JsonObject
        {
            ["witnesses"] = ApiJson.Array((server.Checkpoints.Witnesses?.Witnesses ?? []).Select(w => new JsonObject { ["name"] = w.Name, ["verifierKey"] = w.Key.VerifierKey })),
        }));

        app.MapGet("/log/entries/{index:long}", async (long index, HttpRequest request, CancellationToken ct) =>
        {
            var (requester, error) = api.Requester(request);
            if (error is not null)
            {
                return error;
            }

            if (index < 0 || index >= server.Store.Size)
            {
                return ApiContext.Error(404, "no_such_entry", $"The log has {server.Store.Size} entries.");
            }

            var entry = (await server.Store.ReadEntriesAsync(index, 1, ct))[0];
            return ApiJson.Ok(Describe(api, entry, requester));
        });

        app.MapGet("/log/entries", async (long? start, int? count, HttpRequest request, CancellationToken ct) =>
        {
            var (requester, error) = api.Requester(request);
            if (error is not null)
            {
                return error;
            }

            // A page is bounded: count defaults to, and is capped at, MaxEntriesPerPage; an empty page is asked
            // for by nobody, so count < 1 is a mistake worth naming rather than silently turning into 1.
            var from = start ?? 0;
            if (from < 0 || count < 1)
            {
                return ApiContext.Error(400, "bad_range", $"Need start >= 0 and 1 <= count (at most {MaxEntriesPerPage} are returned).");
            }

            var n = Math.Min(count ?? MaxEntriesPerPage, MaxEntriesPerPage);
            var entries = await server.Store.ReadEntriesAsync(from, n, ct);
            return ApiJson.Ok(new JsonObject { ["size"] = server.Store.Size, ["entries"] = ApiJson.Array(entries.Select(e => Describe(api, e, requester))) });
        });

        app.MapGet("/log/proof/inclusion", async (long? index, long? size, CancellationToken ct) =>
        {
            if (index is not { } i || size is not { } n || i < 0 || i >= n || n > server.Store.Size)
            {
                return ApiContext.Error(400, "bad_range", $"Need 0 <= index < size <= {server.Store.Size}.");
            }

            var proof = await MerkleProofs.InclusionAsync(server.Store, i, n, ct);
            var leaf = (await server.Store.ReadEntriesAsync(i, 1, ct))[0].LeafHash;
            return ApiJson.Ok(new JsonObject { ["index"] = i, ["treeSize"] = n, ["leafHash"] = leaf.ToBase64(), ["hashes"] = ApiJson.Array(proof.Select(h => h.ToBase64())) });
        });

        app.MapGet("/log/proof/consistency", async (long? from, long? to, CancellationToken ct) =>
        {
            if (from is not { } m || to is not { } n || m < 1 || m > n || n > server.Store.Size)
            {
                return ApiContext.Error(400, "bad_range", $"Need 1 <= from <= to <= {server.Store.Size}.");
            }

            var proof = await MerkleProofs.ConsistencyAsync(server.Store, m, n, ct);
            return ApiJson.Ok(new JsonObject { ["from"] = m, ["to"] = n, ["hashes"] = ApiJson.Array(proof.Select(h => h.ToBase64())) });
        });
    }

    private static JsonObject Describe(ApiContext api, StoredEntry entry, string? requester)
    {
        var visible = requester is not null && (entry.Kind == EntryKind.Reading
            ? api.MaySeeReadingsOf(requester, entry.Device!) || (IntervalOf(entry) is { } interval && api.MaySeeReading(requester, entry.Device!, interval.StartMs, interval.EndMs))
            : api.IsParticipant(requester));
        return new JsonObject
        {
            ["index"] = entry.Index,
            ["kind"] = KindName(entry.Kind),
            ["leafHash"] = entry.LeafHash.ToBase64(),
            ["entry"] = visible ? Convert.ToBase64String(entry.Data) : null,
        };
    }

    private static (long StartMs, long EndMs)? IntervalOf(StoredEntry entry)
    {
        var reading = IntervalReading.ParsePayload(SignedEnvelope.Parse(entry.Data).Payload);
        return (reading.StartMs, reading.EndMs);
    }

    public static string KindName(EntryKind kind) => kind switch
    {
        EntryKind.Participant => "participant",
        EntryKind.Passport => "passport",
        EntryKind.PassportRevocation => "passport-revocation",
        EntryKind.Reading => "reading",
        EntryKind.Market => "market",
        _ => "unknown",
    };
}
