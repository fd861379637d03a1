using Dream.Transparency.Tiles;

namespace Dream.Ledger.Server.Api;

/// <summary>
/// C2SP tlog-tiles under the prefix <c>/log</c> (beside <c>/log/checkpoint</c>): tiles of hashes, public; entry
/// bundles, to those who may see every entry (readings are personal data). The files are written before each
/// checkpoint is published; a full tile never changes (cached for a year, immutable), a partial one may be
/// replaced by its full tile (cached briefly).
/// </summary>
public static class TileEndpoints
{
    public const string FullCacheControl = "max-age=31536000, immutable";

    public const string PartialCacheControl = "max-age=60";

    public static void Map(IEndpointRouteBuilder app, ApiContext api)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(api);
        var server = api.Server;
        app.MapGet("/log/tile/{**path}", (string path, HttpRequest request, HttpResponse response) =>
        {
            if (!TileId.TryParse("tile/" + path, out var tile))
            {
                return ApiContext.Error(404, "no_such_tile", "Tile paths are tile/<L>/<N>[.p/<W>] and tile/entries/<N>[.p/<W>] (C2SP tlog-tiles).");
            }

            var privately = false;
            if (tile.IsEntryBundle)
            {
                var (requester, error) = api.Requester(request);
                if (error is not null)
                {
                    return error;
                }

                if (requester is null || !api.MaySeeEveryEntry(requester))
                {
                    return ApiContext.Error(403, "entries_withheld", "Entry bundles hold every entry, readings included: only the grid authority and verification agencies may read them (sign the request). Others read entries through /log/entries.");
                }

                privately = true;
            }

            var file = server.Checkpoints.Tiles?.FileOf(tile);
            if (file is null || !File.Exists(file))
            {
                return ApiContext.Error(404, "no_such_tile", $"{tile} does not exist (yet): fetch the tiles of a published checkpoint's size, or the full tile.");
            }

            response.Headers.CacheControl = (privately ? "private, " : "public, ") + (tile.IsPartial ? PartialCacheControl : FullCacheControl);
            return Results.File(file, "application/octet-stream");
        });
    }
}
