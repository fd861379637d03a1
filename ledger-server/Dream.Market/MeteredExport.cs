namespace Dream.Market;

/// <summary>
/// A metering point's export inside a window: the sum of <c>deltaExportWh</c> of its verified readings whose
/// interval lies inside the window, and whether those readings cover the whole window without gaps.
/// </summary>
public readonly record struct MeteredExport(long ExportWh, bool Complete);
