namespace Dream.Ledger.State;

/// <summary>
/// The registers a reading's deltas are measured from: the previous reading's, or the pairing registers of
/// its passport. <see cref="Exact"/> when that is certainly the delta's start (no gap in between); otherwise
/// the deltas can only be bounded by the rise since. <see cref="FromMs"/> is when those registers held (null
/// when unknown: then no physical bound applies).
/// </summary>
internal readonly record struct EnergyBasis(long ImportWh, long ExportWh, long? FromMs, bool Exact, string Name);
