using Dream.Contracts;
using Dream.Ledger.Server.Hosting;
using Dream.Ledger.State;

namespace Dream.Ledger.Server.Dashboard;

/// <summary>One device's interval series for the charts: the signed deltas, not differences of registers.</summary>
public static class DashboardSeries
{
    /// <summary>The intervals starting in [from, to), by default the last <paramref name="limit"/> up to the newest reading; null for an unknown device.</summary>
    public static async Task<JsonObject?> ReadAsync(LedgerServer server, string device, long? from, long? to, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var (known, newest) = server.Engine.ReadState(s =>
        {
            var known = s.Chains.ContainsKey(device) || s.Passports.Values.Any(p => p.Passport.Passport.Device == device);
            if (!s.Chains.TryGetValue(device, out var chain))
            {
                return (known, (ChainLink?)null);
            }

            var last = chain.AboveGap.Count > 0 ? chain.AboveGap.Values.Last() : chain.Tip;
            return (known, last.Sequence == 0 ? null : last);
        });
        if (!known)
        {
            return null;
        }

        var intervals = new JsonArray();
        if (newest is { } last)
        {
            var length = Math.Max(1, last.EndMs - last.StartMs);
            var start = from ?? (last.EndMs - (length * limit));
            var rows = await server.Store.ReadingsAsync(device, start, to ?? long.MaxValue, limit, cancellationToken);
            foreach (var row in rows)
            {
                var entry = (await server.Store.ReadEntriesAsync(row.LogIndex, 1, cancellationToken))[0];
                var reading = IntervalReading.ParsePayload(SignedEnvelope.Parse(entry.Data).Payload);
                intervals.Add((JsonNode)new JsonObject
                {
                    ["seq"] = reading.Sequence,
                    ["start"] = reading.StartMs,
                    ["end"] = reading.EndMs,
                    ["importWh"] = reading.DeltaImportWh,
                    ["exportWh"] = reading.DeltaExportWh,
                    ["importRegisterWh"] = reading.ImportWh,
                    ["exportRegisterWh"] = reading.ExportWh,
                    ["avgW"] = reading.AvgW,
                    ["maxW"] = reading.MaxW,
                    ["flags"] = (int)reading.Flags,
                    ["logIndex"] = row.LogIndex,
                });
            }
        }

        return new JsonObject { ["device"] = device, ["intervals"] = intervals };
    }
}
