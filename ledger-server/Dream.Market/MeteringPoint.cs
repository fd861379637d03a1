namespace Dream.Market;

/// <summary>What the market needs to know about a product passport: whose it is and whether it can back a promise.</summary>
public sealed record MeteringPoint(string PassportId, string Owner, bool Active, bool MeasuresExport);
