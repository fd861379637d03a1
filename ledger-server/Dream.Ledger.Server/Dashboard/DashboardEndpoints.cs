using System.Security.Cryptography;
using System.Text;
using Dream.Contracts;
using Dream.Ledger.Registry;
using Dream.Ledger.Server.Api;
using Dream.Ledger.Server.Hosting;
using Dream.Ledger.State;

namespace Dream.Ledger.Server.Dashboard;

/// <summary>
/// The web dashboard: its static pages and the data they show, only on the admin listener (loopback by
/// default). Readings are personal data, so the data endpoints want the admin token as a bearer token,
/// like <c>/admin/v1</c>; the pages themselves hold no data and load without it. See docs/dashboard.md.
/// </summary>
public static class DashboardEndpoints
{
    public const int MaxIntervals = 2000;
    public const int MaxRecentEntries = 200;

    /// <summary>The address to open: the token rides in the fragment, which browsers never send to a server.</summary>
    public static string Url(LedgerServerConfig config, string adminToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var admin = new UriBuilder(config.AdminListen);
        if (admin.Host is "0.0.0.0" or "[::]" or "*" or "+")
        {
            admin.Host = "127.0.0.1";
        }

        return $"{admin.Scheme}://{admin.Host}:{admin.Port}/dashboard/#token={Uri.EscapeDataString(adminToken)}";
    }

    public static void Map(IEndpointRouteBuilder app, ApiContext api)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(api);
        var server = api.Server;
        var files = new DashboardFiles(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        var token = Encoding.UTF8.GetBytes("Bearer " + server.AdminToken);

        var pages = app.MapGroup("/dashboard").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.Connection.LocalPort != api.AdminPort)
            {
                return Results.NotFound();
            }

            // Everything the pages load comes from this server: no CDN, no inline script.
            http.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.CacheControl = "no-cache";
            return await next(context);
        });
        // Routing matches "/dashboard/" here too; only the bare "/dashboard" needs the slash that relative links want.
        pages.MapGet("", (HttpRequest request) => request.Path.Value?.EndsWith('/') == true ? files.Serve(null) : Results.Redirect("/dashboard/"));
        pages.MapGet("/{**path}", (string? path) => files.Serve(path));

        // The admin listener's root leads to the dashboard; browsers carry a #token=... fragment across the redirect.
        app.MapGet("/", (HttpContext http) => http.Connection.LocalPort == api.AdminPort ? Results.Redirect("/dashboard/") : Results.NotFound());

        var data = app.MapGroup("/dashboard/api").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.Connection.LocalPort != api.AdminPort)
            {
                return Results.NotFound();
            }

            var given = Encoding.UTF8.GetBytes(http.Request.Headers.Authorization.FirstOrDefault() ?? string.Empty);
            http.Response.Headers.CacheControl = "no-store";
            return CryptographicOperations.FixedTimeEquals(given, token)
                ? await next(context)
                : ApiContext.Error(401, "unauthenticated", "The dashboard needs the admin token (open the URL the server printed, with #token=...).");
        });

        data.MapGet("/overview", () =>
        {
            var head = server.Engine.Head;
            var latest = server.Checkpoints.Latest;
            var counts = server.Engine.ReadState(s => new
            {
                gridAuthority = s.GridAuthorityDid,
                participants = s.Participants.Count,
                devices = s.Chains.Count,
                passports = s.Passports.Count,
                readings = s.ReadingCount,
            });
            return ApiJson.Ok(new JsonObject
            {
                ["origin"] = server.Checkpoints.Origin,
                ["verifierKey"] = server.Checkpoints.VerifierKey,
                ["now"] = api.Time.GetUtcNow().ToUnixTimeMilliseconds(),
                ["size"] = head.Size,
                ["root"] = head.Root.ToBase64(),
                ["gridAuthority"] = counts.gridAuthority,
                ["participants"] = counts.participants,
                ["devices"] = counts.devices,
                ["passports"] = counts.passports,
                ["readings"] = counts.readings,
                ["checkpoint"] = latest is null ? null : new JsonObject { ["size"] = latest.Size, ["root"] = latest.Root.ToBase64(), ["note"] = latest.Note, ["signedAt"] = latest.SignedAtMs },
                ["witnesses"] = ApiJson.Array((server.Checkpoints.Witnesses?.Witnesses ?? []).Select(w => new JsonObject { ["name"] = w.Name, ["verifierKey"] = w.Key.VerifierKey })),
                ["witnessThreshold"] = server.Config.WitnessThreshold,
            });
        });

        data.MapGet("/participants", () => ApiJson.List(server.Engine.ReadState(s => s.Participants.Values.OrderBy(p => p.LogIndex)
            .Select(p => new JsonObject { ["did"] = p.Did, ["role"] = ParticipantRoles.Name(p.Role), ["name"] = p.Name, ["registeredAt"] = p.RegisteredAtMs, ["logIndex"] = p.LogIndex }).ToList())));

        data.MapGet("/devices", () => ApiJson.List(server.Engine.ReadState(s => s.Passports.Values
            .OrderBy(p => p.LogIndex)
            .Select(p => Describe(s, p))
            .ToList())));

        data.MapGet("/devices/{device}/intervals", async (string device, long? from, long? to, int? limit, CancellationToken ct) =>
        {
            var n = Math.Clamp(limit ?? 96, 1, MaxIntervals);
            var series = await DashboardSeries.ReadAsync(server, device, from, to, n, ct);
            return series is null
                ? ApiContext.Error(404, "unknown_device", $"No readings of {device}.")
                : ApiJson.Ok(series);
        });

        data.MapGet("/entries", async (int? count, CancellationToken ct) =>
        {
            var n = Math.Clamp(count ?? 20, 1, MaxRecentEntries);
            var size = server.Store.Size;
            var start = Math.Max(0, size - n);
            var entries = size == 0 ? [] : await server.Store.ReadEntriesAsync(start, (int)(size - start), ct);
            return ApiJson.Ok(new JsonObject
            {
                ["size"] = size,
                ["entries"] = ApiJson.Array(entries.Reverse().Select(e => new JsonObject { ["index"] = e.Index, ["kind"] = LogEndpoints.KindName(e.Kind), ["device"] = e.Device, ["seq"] = e.Sequence, ["leafHash"] = e.LeafHash.ToBase64() })),
            });
        });

        // The grid authority's view of one entry, bytes included, for the in-browser proof.
        data.MapGet("/entries/{index:long}", async (long index, CancellationToken ct) =>
        {
            if (index < 0 || index >= server.Store.Size)
            {
                return ApiContext.Error(404, "no_such_entry", $"The log has {server.Store.Size} entries.");
            }

            var entry = (await server.Store.ReadEntriesAsync(index, 1, ct))[0];
            return ApiJson.Ok(new JsonObject
            {
                ["index"] = entry.Index,
                ["kind"] = LogEndpoints.KindName(entry.Kind),
                ["device"] = entry.Device,
                ["seq"] = entry.Sequence,
                ["leafHash"] = entry.LeafHash.ToBase64(),
                ["entry"] = Convert.ToBase64String(entry.Data),
            });
        });

        DashboardMarketProxy.Map(data, api);
    }

    private static JsonObject Describe(LedgerState state, PassportRecord record)
    {
        var passport = record.Passport.Passport;
        state.Chains.TryGetValue(passport.Device, out var chain);
        return new JsonObject
        {
            ["device"] = passport.Device,
            ["passport"] = record.Id,
            ["status"] = record.Revocation is null ? "approved" : "revoked",
            ["owner"] = passport.Owner,
            ["ownerName"] = state.Participants.TryGetValue(passport.Owner, out var owner) ? owner.Name : null,
            ["kind"] = passport.Kind.ToString(),
            ["manufacturer"] = passport.Manufacturer,
            ["model"] = passport.Model,
            ["serial"] = passport.Serial,
            ["profile"] = passport.Profile,
            ["measuresExport"] = passport.MeasuresExport,
            ["connectionPoint"] = passport.ConnectionPoint,
            ["logIndex"] = record.LogIndex,
            ["throughSeq"] = chain?.Tip.Sequence ?? 0,
            ["maxSeq"] = chain?.MaxSequence ?? 0,
            ["gaps"] = chain?.Gaps().Count() ?? 0,
            ["lastEnd"] = chain is null || chain.Tip.Sequence == 0 ? (long?)null : chain.Tip.EndMs,
        };
    }
}
