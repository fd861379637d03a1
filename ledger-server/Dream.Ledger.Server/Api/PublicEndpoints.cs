using System.Globalization;
using System.Text;
using Dream.Contracts;
using Dream.Ledger.Registry;
using Dream.Ledger.Storage;

namespace Dream.Ledger.Server.Api;

/// <summary>Passport submission (signed by device and installer) and the participants' signed queries.</summary>
public static class PublicEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ApiContext api)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(api);
        var server = api.Server;

        var limiter = new SubmissionRateLimiter(server.Config.PassportSubmissions, api.Time);
        app.MapPost("/api/v1/passports", async (HttpRequest request, HttpResponse response, CancellationToken ct) =>
        {
            var body = await ReadBodyAsync(request, SignedEnvelope.MaxMessageBytes, ct);
            if (body is null)
            {
                return ApiContext.Error(413, "oversize", $"A passport envelope is at most {SignedEnvelope.MaxMessageBytes} bytes.");
            }

            // The installer must be one the grid authority registered; checked before any signature is verified
            // and before anything is stored, so anonymous floods cost a parse and are never kept.
            SignedPassport passport;
            try
            {
                var installer = ProductPassport.ParsePayload(SignedEnvelope.Parse(body).Payload).Installer;
                if (!api.IsInstaller(installer))
                {
                    return ApiContext.Error(403, "unregistered_installer", $"{installer} is not an installer the grid authority registered (dream-ledger participant add {installer} --role installer).");
                }

                passport = SignedPassport.Verify(body);
            }
            catch (ContractException e)
            {
                return ApiContext.Error(400, e.Error.ToString(), e.Message);
            }

            if (passport.Passport.Version == 1)
            {
                return ApiContext.Error(400, "OutdatedVersion", $"New passports are {ProductPassport.TypeV2} (with the rating and the registers read at pairing, from which the first reading is checked); pair again with a current dream-agent. Approved {ProductPassport.TypeV1} passports stay valid.");
            }

            if (passport.Envelope.Signatures.Count != 2)
            {
                return ApiContext.Error(400, "SignerMismatch", "Submit the passport signed by its device and its installer only; the grid authority countersigns on approval.");
            }

            if (!limiter.TryTake(passport.Passport.Installer, out var retryAfter))
            {
                var seconds = (long)Math.Ceiling(retryAfter.TotalSeconds);
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return ApiContext.Error(429, "rate_limited", $"Too many passport submissions (by this installer or in all); retry in {seconds} s.");
            }

            var status = server.Engine.ReadState(s => s.Passports.TryGetValue(passport.Id, out var r) ? (r.Revocation is null ? "approved" : "revoked") : null);
            if (status is not null)
            {
                return ApiJson.Ok(new JsonObject { ["id"] = passport.Id, ["status"] = status });
            }

            server.Engine.ThrowIfStoreFailing();
            await server.Store.AddPendingPassportAsync(new PendingPassport(passport.Id, passport.Passport.Device, passport.Envelope.ToBytes(), api.Time.GetUtcNow().ToUnixTimeMilliseconds(), "pending"), ct);
            return ApiJson.Ok(new JsonObject { ["id"] = passport.Id, ["status"] = "pending" }, statusCode: 202);
        });

        app.MapGet("/api/v1/passports/{id}", async (string id, CancellationToken ct) =>
        {
            var status = server.Engine.ReadState(s => s.Passports.TryGetValue(id, out var r) ? (r.Revocation is null ? "approved" : "revoked") : null)
                ?? (await server.Store.PendingPassportAsync(id, ct))?.Status;
            return status is null ? ApiContext.Error(404, "unknown_passport", $"No passport {id}.") : ApiJson.Ok(new JsonObject { ["id"] = id, ["status"] = status });
        });

        app.MapGet("/api/v1/participants", (HttpRequest request) =>
        {
            var (requester, error) = api.Requester(request);
            if (error is not null || requester is null || !api.IsParticipant(requester))
            {
                return error ?? ApiContext.Error(403, "forbidden", "Participants are visible to registered participants (sign the request).");
            }

            return ApiJson.List(server.Engine.ReadState(s => s.Participants.Values.OrderBy(p => p.LogIndex)
                .Select(p => new JsonObject { ["did"] = p.Did, ["role"] = ParticipantRoles.Name(p.Role), ["name"] = p.Name, ["registeredAt"] = p.RegisteredAtMs, ["logIndex"] = p.LogIndex }).ToList()));
        });

        app.MapGet("/api/v1/readings", async (string? device, long? from, long? to, string? format, HttpRequest request, CancellationToken ct) =>
        {
            var (requester, error) = api.Requester(request);
            if (error is not null)
            {
                return error;
            }

            if (device is null)
            {
                return ApiContext.Error(400, "missing_device", "Name the device (device=did:key:...).");
            }

            if (requester is null)
            {
                return ApiContext.Error(403, "forbidden", "Readings are served to their owner, the grid authority, admitted auditors and the parties of a promise they decide (sign the request).");
            }

            var fromMs = from ?? 0;
            var toMs = to ?? long.MaxValue;
            ReadingWindow? window = null;
            if (!api.MaySeeReadingsOf(requester, device))
            {
                var windows = api.ReadingWindowsOf(requester, device);
                window = windows.Where(w => fromMs >= w.FromMs && toMs <= w.ToMs).Select(w => (ReadingWindow?)w).FirstOrDefault();
                if (window is null)
                {
                    return ApiContext.Error(403, "forbidden", windows.Count == 0
                        ? "Readings are served to their owner, the grid authority, admitted auditors and the parties of a promise they decide (sign the request)."
                        : $"As a party of a promise you may read this device's readings inside its delivery window plus grace only; ask from and to inside one of: {string.Join(", ", windows.Select(w => $"[{w.FromMs}, {w.ToMs}] (promise {w.Promise})"))}.");
                }
            }

            var rows = (await server.Store.ReadingsAsync(device, fromMs, toMs, 100_000, ct))
                .Where(r => window is not { } w || w.Contains(r.StartMs, r.EndMs))
                .ToList();
            if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
            {
                var csv = new StringBuilder("device,seq,start,end,importWh,exportWh,logIndex,hash\n");
                foreach (var r in rows)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{r.Device},{r.Sequence},{r.StartMs},{r.EndMs},{r.ImportWh},{r.ExportWh},{r.LogIndex},{r.Hash}\n");
                }

                return Results.Text(csv.ToString(), "text/csv; charset=utf-8");
            }

            return ApiJson.List(rows.Select(r => new JsonObject { ["seq"] = r.Sequence, ["start"] = r.StartMs, ["end"] = r.EndMs, ["importWh"] = r.ImportWh, ["exportWh"] = r.ExportWh, ["logIndex"] = r.LogIndex, ["hash"] = r.Hash }));
        });

        app.MapGet("/api/v1/gaps", (string? device, HttpRequest request) =>
        {
            var (requester, error) = api.Requester(request);
            if (error is not null)
            {
                return error;
            }

            if (device is null || requester is null || !api.MaySeeReadingsOf(requester, device))
            {
                return ApiContext.Error(403, "forbidden", "Name a device whose readings you may see (sign the request).");
            }

            return ApiJson.Ok(server.Engine.ReadState(s => s.Chains.TryGetValue(device, out var chain)
                ? new JsonObject { ["device"] = device, ["throughSeq"] = chain.Tip.Sequence, ["maxSeq"] = chain.MaxSequence, ["gaps"] = ApiJson.Array(chain.Gaps().Select(g => new JsonObject { ["from"] = g.From, ["to"] = g.To })) }
                : new JsonObject { ["device"] = device, ["throughSeq"] = 0L, ["maxSeq"] = 0L, ["gaps"] = new JsonArray() }));
        });
    }

    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
