using Dream.Meters.Simulation;

namespace Dream.Demo.Grid;

/// <summary>One metering point of the demo: the meter model it simulates, its physics, and who owns it.</summary>
internal sealed record MeterSpec(string Id, string Profile, double PvKwp, double BaseLoadW, string SerialNumber)
{
    public HouseholdOptions Household => new() { PvPeakWatts = PvKwp * 1000, BaseLoadWatts = BaseLoadW };

    /// <summary>The simulator's deterministic model: what the meter will measure, used as the owner's forecast.</summary>
    public HouseholdModel Model => new(Household);

    /// <summary>Expected net export (Wh) over a window, integrated like the simulator does.</summary>
    public double ForecastExportWh(DateTimeOffset from, DateTimeOffset to)
    {
        var model = Model;
        var step = TimeSpan.FromSeconds(10);
        double wh = 0;
        for (var t = from; t < to; t += step)
        {
            var net = model.LoadWatts(t) - model.PvWatts(t);
            wh += Math.Max(-net, 0) * step.TotalHours;
        }

        return wh;
    }
}
