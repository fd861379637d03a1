using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dream.Meters.Profiles;

/// <summary>The JSON form of profiles: camelCase keys, kebab-case enums ("float32", "low-first"), comments allowed,
/// unknown keys refused (a typo must not silently drop a setting).</summary>
public static class ProfileJson
{
    public static readonly JsonSerializerOptions Options = Create();

    public static MeterProfile Parse(string json, string source)
    {
        MeterProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<MeterProfile>(json, Options);
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

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new HexUInt16Converter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
