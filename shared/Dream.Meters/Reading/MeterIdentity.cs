namespace Dream.Meters.Reading;

/// <summary>Who a meter is, for its product passport: the profile it matches, its model and serial number.</summary>
public sealed record MeterIdentity(string ProfileId, string Model, string? SerialNumber);
