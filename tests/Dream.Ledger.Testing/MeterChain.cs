namespace Dream.Ledger.Testing;

/// <summary>The hash chain of a test meter's readings, with the export the delivery check sums (from the pairing registers, import unchanged).</summary>
public sealed class MeterChain(TestAgent agent)
{
    private long _exportRegisterWh;

    public TestAgent Agent { get; } = agent;

    public long Sequence { get; private set; }

    public string PreviousHash { get; private set; } = IntervalReading.GenesisHash;

    /// <summary>The next signed reading: one interval from <paramref name="startMs"/> exporting <paramref name="exportWh"/>.</summary>
    public SignedReading Next(long startMs, long exportWh, ReadingQuality flags = ReadingQuality.None)
    {
        _exportRegisterWh += exportWh;
        var reading = SignedReading.Create(Agent.Draft(sequence: Sequence + 1, previous: PreviousHash, importWh: Agent.ImportWh, startMs: startMs) with
        {
            ExportWh = _exportRegisterWh,
            DeltaExportWh = exportWh,
            DeltaImportWh = 0,
            Flags = flags,
        }, Agent.Key);
        Sequence = reading.Reading.Sequence;
        PreviousHash = reading.Hash;
        return reading;
    }
}
