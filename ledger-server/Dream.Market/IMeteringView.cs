namespace Dream.Market;

/// <summary>The ledger's verified readings, read by the delivery check. Pure reads.</summary>
public interface IMeteringView
{
    /// <summary>Export of <paramref name="passportId"/> from signed readings with start ≥ <paramref name="startMs"/> and end ≤ <paramref name="endMs"/>.</summary>
    MeteredExport ExportInWindow(string passportId, long startMs, long endMs);
}
