using System.Text.Json;

namespace Dream.Meters.Profiles;

/// <summary>The JSON form of profiles: camelCase keys, kebab-case enums ("float32", "low-first"), comments allowed,
/// unknown keys refused (a typo must not silently drop a setting).</summary>
public static class ProfileJson
{
    public static MeterProfile Parse(string json, string source)
    {
        MeterProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize(json, ProfileJsonContext.Default.MeterProfile);
        }
        catch (JsonException e)
        {
            throw new MeterProfileException($"{source}: {e.Message}", e);
        }

        if (profile is null)
        {
            throw new MeterProfileException($"{source}: empty profile.");
        }

        profile = profile with { SourceFile = source };
        var problems = ProfileValidator.Validate(profile);
        if (problems.Count > 0)
        {
            throw new MeterProfileException($"{source}: {string.Join(" ", problems)}");
        }

        return profile;
    }
}
