namespace Dream.Edge.Metering;

/// <summary>
/// One read of a meter, as integers: the import and export energy registers in Wh (the meter's legal
/// values, converted exactly) and the instantaneous power in W (positive = import, negative = export).
/// </summary>
public readonly record struct MeterSample(long ImportWh, long ExportWh, long PowerW)
{
    /// <summary>No meter counts a petawatt-hour: a register beyond this is a decoding fault.</summary>
    public const long MaxRegisterWh = 1_000_000_000_000_000;

    /// <summary>No meter measures ten gigawatts.</summary>
    public const long MaxPowerW = 10_000_000_000;

    /// <summary>The meter's registers and power, refusing negative registers and absurd magnitudes.</summary>
    /// <exception cref="MeterReadException">A value no meter could have measured.</exception>
    public static MeterSample FromRegisters(long importWh, long exportWh, long powerW)
    {
        if (importWh is < 0 or > MaxRegisterWh)
        {
            throw new MeterReadException($"The import register read {importWh} Wh, which is not a meter value.");
        }

        if (exportWh is < 0 or > MaxRegisterWh)
        {
            throw new MeterReadException($"The export register read {exportWh} Wh, which is not a meter value.");
        }

        if (powerW is < -MaxPowerW or > MaxPowerW)
        {
            throw new MeterReadException($"The power read {powerW} W, which is not a meter value.");
        }

        return new MeterSample(importWh, exportWh, powerW);
    }
}
