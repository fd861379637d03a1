namespace Dream.Ledger.State;

/// <summary>
/// A reading's energy against what it is measured from: registers never go back, the deltas are the rise of
/// the registers (exactly, when nothing lies in between), and no more than the metering point can measure.
/// </summary>
internal static class EnergyRules
{
    public static ReadingVerdict? Check(EnergyBasis basis, EnergyStep step, ProductPassport passport)
    {
        if (step.ImportWh < basis.ImportWh || step.ExportWh < basis.ExportWh)
        {
            return ReadingVerdict.Reject(RejectReason.RegisterWentBack, $"The registers of {step.Name} ({step.ImportWh}/{step.ExportWh} Wh) are below those of {basis.Name} ({basis.ImportWh}/{basis.ExportWh} Wh).");
        }

        var riseImport = step.ImportWh - basis.ImportWh;
        var riseExport = step.ExportWh - basis.ExportWh;
        if (basis.Exact && (step.DeltaImportWh != riseImport || step.DeltaExportWh != riseExport))
        {
            return ReadingVerdict.Reject(RejectReason.DeltaMismatch, $"The deltas of {step.Name} are {step.DeltaImportWh}/{step.DeltaExportWh} Wh (import/export); its registers rose {riseImport}/{riseExport} Wh since {basis.Name}.");
        }

        if (!basis.Exact && (step.DeltaImportWh > riseImport || step.DeltaExportWh > riseExport))
        {
            return ReadingVerdict.Reject(RejectReason.DeltaMismatch, $"The deltas of {step.Name} are {step.DeltaImportWh}/{step.DeltaExportWh} Wh (import/export), more than its registers rose since {basis.Name} ({riseImport}/{riseExport} Wh).");
        }

        if (basis.FromMs is { } fromMs)
        {
            var durationMs = step.EndMs - fromMs;
            var limit = EnergyBound.LimitWh(passport, durationMs);
            if (step.DeltaImportWh > limit || step.DeltaExportWh > limit)
            {
                return ReadingVerdict.Reject(RejectReason.ImplausibleEnergy, $"{step.Name} claims {step.DeltaImportWh}/{step.DeltaExportWh} Wh (import/export) in the {Math.Max(0, durationMs)} ms since {basis.Name}; a {EnergyBound.RatingW(passport)} W metering point measures at most {limit} Wh in that time (+{EnergyBound.TolerancePercent} % and {EnergyBound.SlackWh(passport)} Wh of register resolution).");
            }
        }

        return null;
    }

    public static EnergyStep StepOf(IntervalReading reading, string name) =>
        new(reading.ImportWh, reading.ExportWh, reading.DeltaImportWh, reading.DeltaExportWh, reading.EndMs, name);

    public static EnergyStep StepOf(ChainLink link, string name) =>
        new(link.ImportWh, link.ExportWh, link.DeltaImportWh, link.DeltaExportWh, link.EndMs, name);

    /// <summary>Where a version-2 passport's readings start: its pairing registers at <c>installedAt</c>.</summary>
    public static EnergyBasis Pairing(PassportRecord record, bool exact)
    {
        var p = record.Passport.Passport;
        return new EnergyBasis(p.PairingImportWh, p.PairingExportWh, p.InstalledAtMs, exact, $"the pairing registers of passport {record.Id}");
    }
}
