using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dream.Contracts;
using Dream.Crypto;
using Dream.Ledger.Registry;
using Dream.Ledger.State;

namespace Dream.Ledger.Server.Api;

/// <summary>
/// The grid authority's admin API: only on the admin listener (loopback by default), with the bearer token
/// from <c>admin.token</c>. The server signs registry transactions with the GA key and appends them.
/// </summary>
public static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ApiContext api)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(api);
        var server = api.Server;
        var token = Encoding.UTF8.GetBytes("Bearer " + server.AdminToken);
        var admin = app.MapGroup("/admin/v1").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.Connection.LocalPort != api.AdminPort)
            {
                return Results.NotFound();
            }

            var given = Encoding.UTF8.GetBytes(http.Request.Headers.Authorization.FirstOrDefault() ?? string.Empty);
            return CryptographicOperations.FixedTimeEquals(given, token) ? await next(context) : ApiContext.Error(401, "unauthenticated", "The admin API needs the token in admin.token.");
        });

        admin.MapPost("/participants", async (HttpRequest request, CancellationToken ct) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            var root = body.RootElement;
            var did = root.TryGetProperty("did", out var d) ? d.GetString() : null;
            var roleText = root.TryGetProperty("role", out var r) ? r.GetString() : null;
            var name = root.TryGetProperty("name", out var n) ? n.GetString() : null;
            if (did is null || name is null || !ParticipantRoles.TryParse(roleText, out var role))
            {
                return ApiContext.Error(400, "bad_request", "Need did, role (power-company, producer, prosumer, consumer, verification-agency, installer) and name.");
            }

            var registration = new ParticipantRegistration { Did = did, Role = role, Name = name, RegisteredAtMs = api.Time.GetUtcNow().ToUnixTimeMilliseconds() };
            return await AppendAsync(api, () => SignedEnvelope.Sign(registration.ToPayload(), server.Key), null, new JsonObject { ["did"] = did, ["role"] = roleText }, ct);
        });

        admin.MapGet("/participants", () => ApiJson.List(server.Engine.ReadState(s => s.Participants.Values.OrderBy(p => p.LogIndex)
            .Select(p => new JsonObject { ["did"] = p.Did, ["role"] = ParticipantRoles.Name(p.Role), ["name"] = p.Name, ["registeredAt"] = p.RegisteredAtMs, ["logIndex"] = p.LogIndex }).ToList())));

        admin.MapGet("/passports", async (CancellationToken ct) =>
        {
            var pending = await server.Store.PendingPassportsAsync(ct);
            var approved = server.Engine.ReadState(s => s.Passports.Values.Select(p => new JsonObject
            {
                ["id"] = p.Id,
                ["device"] = p.Passport.Passport.Device,
                ["owner"] = p.Passport.Passport.Owner,
                ["status"] = p.Revocation is null ? "approved" : "revoked",
                ["logIndex"] = p.LogIndex,
                ["reason"] = p.Revocation?.Reason,
            }).ToList());
            var known = approved.Select(a => (string)a["id"]!).ToHashSet();
            var waiting = pending.Where(p => !known.Contains(p.Id)).Select(p =>
            {
                var passport = SignedPassport.Verify(p.Envelope).Passport;
                return new JsonObject { ["id"] = p.Id, ["device"] = p.Device, ["owner"] = passport.Owner, ["status"] = p.Status, ["logIndex"] = -1L, ["reason"] = (string?)null };
            });
            return ApiJson.List(waiting.Concat(approved));
        });

        admin.MapPost("/passports/{id}/approve", async (string id, CancellationToken ct) =>
        {
            var pending = await server.Store.PendingPassportAsync(id, ct);
            if (pending is null)
            {
                return ApiContext.Error(404, "unknown_passport", $"No submitted passport {id}.");
            }

            if (SignedPassport.Verify(pending.Envelope).Passport.Version == 1)
            {
                return ApiContext.Error(409, "rule", $"Passport {id} is a {ProductPassport.TypeV1}, submitted before {ProductPassport.TypeV2}: it records no pairing registers to check the first reading against. Pair the meter again with a current dream-agent.");
            }

            return await AppendAsync(api, () => SignedEnvelope.Parse(pending.Envelope).Countersign(server.Key), id, new JsonObject { ["id"] = id, ["status"] = "approved" }, ct);
        });

        admin.MapPost("/passports/{id}/revoke", async (string id, HttpRequest request, CancellationToken ct) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            var reason = body.RootElement.TryGetProperty("reason", out var r) ? r.GetString() : null;
            if (string.IsNullOrWhiteSpace(reason))
            {
                return ApiContext.Error(400, "bad_request", "A revocation needs a reason.");
            }

            var revocation = new PassportRevocation { Passport = id, Reason = reason, RevokedAtMs = api.Time.GetUtcNow().ToUnixTimeMilliseconds() };
            return await AppendAsync(api, () => SignedEnvelope.Sign(revocation.ToPayload(), server.Key), id, new JsonObject { ["id"] = id, ["status"] = "revoked" }, ct);
        });

        admin.MapGet("/quarantine/summary", () => ApiJson.List(server.Store.QuarantineCounts().Select(c => new JsonObject
        {
            ["source"] = c.Source,
            ["reason"] = c.Reason,
            ["count"] = c.Count,
            ["kept"] = c.Kept,
            ["keptBytes"] = c.KeptBytes,
            ["throttled"] = c.Kept < c.Count,
            ["firstAt"] = c.FirstMs,
            ["lastAt"] = c.LastMs,
            ["lastDetail"] = c.LastDetail,
        })));

        admin.MapGet("/quarantine", async (int? limit, CancellationToken ct) =>
            ApiJson.List((await server.Store.QuarantineAsync(Math.Clamp(limit ?? 100, 1, 10_000), ct)).Select(q => new JsonObject
            {
                ["id"] = q.Id,
                ["receivedAt"] = q.ReceivedAtMs,
                ["topic"] = q.Topic,
                ["device"] = q.Device,
                ["seq"] = q.Sequence,
                ["reason"] = q.Reason,
                ["detail"] = q.Detail,
                ["data"] = Convert.ToBase64String(q.Data),
            })));
    }

    private static async Task<IResult> AppendAsync(ApiContext api, Func<SignedEnvelope> build, string? pendingId, JsonNode result, CancellationToken ct)
    {
        try
        {
            var index = await api.Server.Engine.AppendRegistryAsync(build(), pendingId, ct);
            return ApiJson.Ok(new JsonObject { ["result"] = result, ["logIndex"] = index });
        }
        catch (LedgerRuleException e)
        {
            return ApiContext.Error(409, "rule", e.Message);
        }
        catch (ContractException e)
        {
            return ApiContext.Error(400, e.Error.ToString(), e.Message);
        }
        catch (DidKeyFormatException e)
        {
            return ApiContext.Error(400, "InvalidValue", e.Message);
        }
    }
}
