namespace Dream.Meters.Reading;

/// <summary>Everything needed to read one device: its quantities at absolute addresses and its read limits.</summary>
public sealed record MeterMap(
    MeterProfile Profile,
    IReadOnlyList<MappedQuantity> Quantities,
    IReadOnlyList<RegisterRange> AnsweredWhole,
    RegisterLocation? SerialNumber,
    string Model)
{
    public static MeterMap FromProfile(MeterProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.SunSpec is not null)
        {
            throw new ArgumentException($"{profile.Id} is a SunSpec profile: resolve it with SunSpecDiscovery.", nameof(profile));
        }

        return new MeterMap(
            profile,
            profile.Quantities.Select(MappedQuantity.From).ToList(),
            profile.AnswersEveryRegisterIn,
            profile.SerialNumber,
            $"{profile.Manufacturer} {profile.Model}");
    }
}
