namespace Dream.Ledger.State;

/// <summary>A reading's registers and deltas at the end of its interval, as the energy rules check them.</summary>
internal readonly record struct EnergyStep(long ImportWh, long ExportWh, long DeltaImportWh, long DeltaExportWh, long EndMs, string Name);
