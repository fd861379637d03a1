using Microsoft.Extensions.Time.Testing;

namespace Dream.Meters.Tests;

public class PhysicalModelTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 6, 21, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Pv_follows_daylight_and_load_has_its_peaks()
    {
        var model = new HouseholdModel(new HouseholdOptions { PvPeakWatts = 6000 });
        Assert.Equal(0, model.PvWatts(Midnight.AddHours(3)));
        Assert.Equal(0, model.PvWatts(Midnight.AddHours(21)));
        Assert.InRange(model.PvWatts(Midnight.AddHours(13)), 5000, 5100);
        Assert.True(model.LoadWatts(Midnight.AddHours(19)) > model.LoadWatts(Midnight.AddHours(3)) + 2000);
        Assert.True(model.At(Midnight.AddHours(13)).TotalPower < 0, "a sunny noon exports");
        Assert.True(model.At(Midnight.AddHours(22)).TotalPower > 0, "the night imports");
    }

    [Fact]
    public void Energy_counters_integrate_the_power_a_client_sees_over_a_day_at_time_scale()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 21, 12, 0, 0, TimeSpan.Zero));
        var profile = ProfileCatalog.Load([RepositoryRoot.MeterProfiles]).Get("eastron-sdm630");
        var meter = new SimulatedMeter(profile, new SimulationOptions { Start = Midnight, TimeScale = 1440 }, time);
        var import0 = meter.ValueOf("energy_import", "Wh");
        var export0 = meter.ValueOf("energy_export", "Wh");

        // One real minute at 1440x is one simulated day.
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Midnight.AddDays(1), meter.SimulatedNow);
        var imported = meter.ValueOf("energy_import", "Wh") - import0;
        var exported = meter.ValueOf("energy_export", "Wh") - export0;

        // An independent integral of the model's power, one-second rectangles.
        double net = 0;
        for (var s = 0; s < 86_400; s++)
        {
            net += meter.Model.At(Midnight.AddSeconds(s + 0.5)).TotalPower / 3600;
        }

        Assert.InRange(imported - exported, net - (Math.Abs(net) * 0.001) - 1, net + (Math.Abs(net) * 0.001) + 1);
        Assert.True(imported > 1000 && exported > 1000, $"a June day both imports ({imported:0} Wh) and exports ({exported:0} Wh)");
        var phases = meter.ValueOf("energy_import_l1", "Wh") + meter.ValueOf("energy_import_l2", "Wh") + meter.ValueOf("energy_import_l3", "Wh");
        Assert.True(phases >= meter.ValueOf("energy_import", "Wh") - 1, "per-phase import is not netted, so it is at least the total");
    }

    [Fact]
    public void Counters_never_decrease()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 21, 12, 0, 0, TimeSpan.Zero));
        var profile = ProfileCatalog.Load([RepositoryRoot.MeterProfiles]).Get("eastron-sdm120");
        var meter = new SimulatedMeter(profile, new SimulationOptions { Start = Midnight, TimeScale = 60 }, time);
        var last = 0.0;
        for (var i = 0; i < 50; i++)
        {
            time.Advance(TimeSpan.FromSeconds(30));
            var now = meter.ValueOf("energy_import", "kWh") + meter.ValueOf("energy_export", "kWh");
            Assert.True(now >= last);
            last = now;
        }
    }
}
