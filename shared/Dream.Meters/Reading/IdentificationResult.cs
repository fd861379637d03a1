namespace Dream.Meters.Reading;

public sealed record IdentificationResult(MeterProfile Profile, MeterIdentity Identity);
