namespace Dream.Meters.Simulation;

/// <summary>A deterministic physical model: a PV daylight curve (a sine arch between sunrise and sunset) and a
/// household load (a base load with morning, midday and evening peaks), split over the phases.</summary>
public sealed class HouseholdModel(HouseholdOptions options)
{
    private static readonly double[] LoadShare = [0.45, 0.30, 0.25];

    public HouseholdOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public double PvWatts(DateTimeOffset time)
    {
        var hour = HourOfDay(time);
        if (hour <= Options.SunriseHour || hour >= Options.SunsetHour)
        {
            return 0;
        }

        var arch = Math.Sin(Math.PI * (hour - Options.SunriseHour) / (Options.SunsetHour - Options.SunriseHour));
        return 0.85 * Options.PvPeakWatts * Math.Pow(arch, 1.5);
    }

    public double LoadWatts(DateTimeOffset time)
    {
        var hour = HourOfDay(time);
        return Options.BaseLoadWatts
            + (Options.MorningPeakWatts * Bump(hour, 7.5, 0.75))
            + (0.25 * Options.EveningPeakWatts * Bump(hour, 12.5, 1.0))
            + (Options.EveningPeakWatts * Bump(hour, 19.0, 1.5));
    }

    public ElectricalState At(DateTimeOffset time)
    {
        var phases = Options.Phases == 1 ? 1 : 3;
        var seconds = time.ToUnixTimeMilliseconds() / 1000.0;
        var load = LoadWatts(time);
        var pv = PvWatts(time);
        var voltage = new double[3];
        var current = new double[3];
        var power = new double[3];
        for (var i = 0; i < 3; i++)
        {
            if (i >= phases)
            {
                voltage[i] = current[i] = power[i] = double.NaN;
                continue;
            }

            voltage[i] = Options.NominalVoltage + (3 * Math.Sin((2 * Math.PI * seconds / 600) + i)) + (i - 1);
            power[i] = phases == 1 ? load - pv : (load * LoadShare[i]) - (pv / 3);
            current[i] = Math.Abs(power[i]) / voltage[i];
        }

        var frequency = Options.NominalFrequency + (0.03 * Math.Sin(2 * Math.PI * seconds / 420));
        var powerFactor = pv > load ? 0.99 : 0.97;
        return new ElectricalState(voltage[..phases].Concat(Enumerable.Repeat(double.NaN, 3 - phases)).ToArray(), current, power, frequency, powerFactor);
    }

    private static double HourOfDay(DateTimeOffset time) => time.UtcDateTime.TimeOfDay.TotalHours;

    private static double Bump(double hour, double center, double width) =>
        Math.Exp(-0.5 * Math.Pow((hour - center) / width, 2));
}
