namespace Dream.Meters.Simulation;

/// <summary>Import and export energy integrated from the model's power, so the counters always agree with the
/// power a client sees (trapezoids of at most 10 simulated seconds).</summary>
internal sealed class EnergyCounters
{
    private static readonly TimeSpan MaxStep = TimeSpan.FromSeconds(10);

    private readonly HouseholdModel _model;
    private DateTimeOffset _time;

    public EnergyCounters(HouseholdModel model, DateTimeOffset start, double importWh, double exportWh)
    {
        _model = model;
        _time = start;
        ImportWh = importWh;
        ExportWh = exportWh;
        var share = model.Options.Phases == 1 ? new[] { 1.0, 0, 0 } : [0.4, 0.3, 0.3];
        PhaseImportWh = share.Select(s => s * importWh).ToArray();
        PhaseExportWh = share.Select(s => s * exportWh).ToArray();
    }

    public double ImportWh { get; private set; }

    public double ExportWh { get; private set; }

    public double[] PhaseImportWh { get; }

    public double[] PhaseExportWh { get; }

    public void AdvanceTo(DateTimeOffset target)
    {
        if (target <= _time)
        {
            return;
        }

        var before = _model.At(_time);
        while (_time < target)
        {
            var step = target - _time < MaxStep ? target - _time : MaxStep;
            var next = _time + step;
            var after = _model.At(next);
            var hours = step.TotalHours;
            var total = (before.TotalPower + after.TotalPower) / 2;
            ImportWh += Math.Max(total, 0) * hours;
            ExportWh += Math.Max(-total, 0) * hours;
            for (var i = 0; i < 3; i++)
            {
                if (double.IsNaN(before.Power[i]))
                {
                    continue;
                }

                var phase = (before.Power[i] + after.Power[i]) / 2;
                PhaseImportWh[i] += Math.Max(phase, 0) * hours;
                PhaseExportWh[i] += Math.Max(-phase, 0) * hours;
            }

            _time = next;
            before = after;
        }
    }
}
