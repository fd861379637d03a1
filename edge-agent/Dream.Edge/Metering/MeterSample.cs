namespace Dream.Edge.Metering;

/// <summary>
/// One read of a meter, as integers: the import and export energy registers in Wh (the meter's legal
/// values) and the instantaneous power in W (positive = import, negative = export).
/// </summary>
public readonly record struct MeterSample(long ImportWh, long ExportWh, long PowerW)
{
    /// <summary>Converts the meter's numbers, refusing NaN, infinities, negative registers and absurd magnitudes.</summary>
    public static MeterSample FromMeasured(double importWh, double exportWh, double powerW)
    {
        const double MaxRegisterWh = 1e15;
        const double MaxPowerW = 1e10;
        if (!double.IsFinite(importWh) || importWh < 0 || importWh > MaxRegisterWh)
        {
            throw new MeterReadException($"The import register read {importWh} Wh, which is not a meter value.");
        }

        if (!double.IsFinite(exportWh) || exportWh < 0 || exportWh > MaxRegisterWh)
        {
            throw new MeterReadException($"The export register read {exportWh} Wh, which is not a meter value.");
        }

        if (!double.IsFinite(powerW) || Math.Abs(powerW) > MaxPowerW)
        {
            throw new MeterReadException($"The power read {powerW} W, which is not a meter value.");
        }

        // Registers are floored: a reading never claims energy the register has not yet reached.
        return new MeterSample((long)Math.Floor(importWh), (long)Math.Floor(exportWh), (long)Math.Round(powerW, MidpointRounding.AwayFromZero));
    }
}
