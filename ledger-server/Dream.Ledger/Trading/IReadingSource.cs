namespace Dream.Ledger.Trading;

/// <summary>
/// The logged readings a market entry may look at: those of one device whose interval starts inside
/// [<c>fromMs</c>, <c>toMs</c>) and whose log index is below the market entry's, so that admission and
/// every later replay see exactly the same readings.
/// </summary>
public interface IReadingSource
{
    IReadOnlyList<ExportSlice> ReadingsOf(string device, long fromMs, long toMs, long beforeIndex);
}
