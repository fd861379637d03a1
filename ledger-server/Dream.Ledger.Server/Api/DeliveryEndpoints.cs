using Dream.Contracts;
using Dream.Ledger.Trading;
using Dream.Market;

namespace Dream.Ledger.Server.Api;

/// <summary>
/// A promise's delivery result with the readings it summed, for those entitled to them (see
/// <see cref="ReadingAccess"/>): each reading's signed entry comes along, so a party can verify the signature
/// and, with <c>/log/proof/inclusion</c>, that the reading is in the log.
/// </summary>
public static class DeliveryEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ApiContext api)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(api);
        var server = api.Server;
        app.MapGet("/api/v1/market/promises/{id}/delivery", async (string id, HttpRequest request, CancellationToken ct) =>
        {
            var (requester, error) = api.Requester(request);
            if (error is not null)
            {
                return error;
            }

            var found = server.Engine.ReadState(s =>
            {
                if (s.Market.FindPromise(id) is not { } p)
                {
                    return null;
                }

                var device = s.Passports.TryGetValue(p.Passport, out var passport) ? passport.Passport.Passport.Device : null;
                var entitled = requester is not null && (ReadingAccess.PartiesOf(s, p).Contains(requester) || (device is not null && ReadingAccess.SeesAll(s, requester, device)));
                return new
                {
                    Promise = MarketJson.Promise(s, p),
                    p.StartMs,
                    p.EndMs,
                    GraceMs = s.Market.Tariff(p.TariffVersion)?.GraceMs ?? 0,
                    Device = device,
                    Check = s.MarketBook.DeliveryCheck(p.Id),
                    Entitled = entitled,
                };
            });
            if (found is null)
            {
                return ApiContext.Error(404, nameof(MarketError.UnknownPromise), $"No promise {id}.");
            }

            if (!found.Entitled)
            {
                return ApiContext.Error(403, "forbidden", "A promise's delivery and its readings are served to its supplier, its owner, the parties of its settlements, the metering point's owner, the grid authority and admitted auditors (sign the request).");
            }

            // Checked: exactly the readings logged before the check; not yet: those logged so far.
            var position = found.Check?.LogIndex ?? long.MaxValue;
            IReadOnlyList<ExportSlice> inside = found.Device is null ? [] : WindowExport.Inside(new StoreReadingSource(server.Store), found.Device, found.StartMs, found.EndMs, position);
            MeteredExport measured;
            try
            {
                measured = WindowExport.Measure(inside, found.StartMs, found.EndMs);
            }
            catch (MarketException e)
            {
                return ApiContext.Error(409, e.Error.ToString(), e.Message);
            }

            var readings = new JsonArray();
            foreach (var slice in inside)
            {
                var entry = (await server.Store.ReadEntriesAsync(slice.LogIndex, 1, ct))[0];
                var envelope = SignedEnvelope.Parse(entry.Data);
                var r = IntervalReading.ParsePayload(envelope.Payload);
                readings.Add((JsonNode)new JsonObject
                {
                    ["seq"] = r.Sequence,
                    ["start"] = r.StartMs,
                    ["end"] = r.EndMs,
                    ["importWh"] = r.ImportWh,
                    ["exportWh"] = r.ExportWh,
                    ["deltaImportWh"] = r.DeltaImportWh,
                    ["deltaExportWh"] = r.DeltaExportWh,
                    ["flags"] = (int)r.Flags,
                    ["clockNotSynchronized"] = (r.Flags & ReadingQuality.ClockNotSynchronized) != 0,
                    ["logIndex"] = slice.LogIndex,
                    ["hash"] = Hex.Sha256(envelope.Payload.Span),
                    ["entry"] = Convert.ToBase64String(entry.Data),
                });
            }

            var unsynchronized = inside.Where(s => (s.Flags & ReadingQuality.ClockNotSynchronized) != 0).ToList();
            return ApiJson.Ok(new JsonObject
            {
                ["promise"] = found.Promise,
                ["device"] = found.Device,
                ["windowStart"] = found.StartMs,
                ["windowEnd"] = found.EndMs,
                ["graceMs"] = found.GraceMs,
                ["checked"] = found.Check is not null,
                ["checkLogIndex"] = found.Check?.LogIndex,
                ["checkedAt"] = found.Check?.AtMs,
                ["measuredWh"] = measured.ExportWh,
                ["complete"] = measured.Complete,
                ["clockNotSynchronized"] = new JsonObject { ["readings"] = unsynchronized.Count, ["exportWh"] = unsynchronized.Sum(s => s.DeltaExportWh) },
                ["readings"] = readings,
            });
        });
    }
}
