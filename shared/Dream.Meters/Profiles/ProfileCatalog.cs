namespace Dream.Meters.Profiles;

/// <summary>The profiles found in a list of directories; a later directory overrides an earlier one's profile
/// of the same id, so /etc/dream/meters can correct a shipped profile without a rebuild.</summary>
public sealed class ProfileCatalog
{
    public const string EnvironmentVariable = "DREAM_METER_PROFILES";

    private readonly Dictionary<string, MeterProfile> _profiles;

    private ProfileCatalog(Dictionary<string, MeterProfile> profiles, IReadOnlyList<string> directories)
    {
        _profiles = profiles;
        Directories = directories;
    }

    public IReadOnlyList<string> Directories { get; }

    public IEnumerable<MeterProfile> All => _profiles.Values.OrderBy(p => p.Id, StringComparer.Ordinal);

    /// <summary>Shipped profiles beside the program (or in /usr/share/dream/meters), then /etc/dream/meters,
    /// then the directories in $DREAM_METER_PROFILES (colon-separated).</summary>
    public static ProfileCatalog LoadDefault(string? extraDirectory = null)
    {
        var directories = new List<string>
        {
            Path.Combine(AppContext.BaseDirectory, "meters"),
            "/usr/share/dream/meters",
            "/etc/dream/meters",
        };
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            directories.AddRange(fromEnvironment.Split(':', StringSplitOptions.RemoveEmptyEntries));
        }

        if (extraDirectory is not null)
        {
            if (!Directory.Exists(extraDirectory))
            {
                throw new MeterProfileException($"Profile directory {extraDirectory} does not exist.");
            }

            directories.Add(extraDirectory);
        }

        return Load(directories);
    }

    public static ProfileCatalog Load(IEnumerable<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var profiles = new Dictionary<string, MeterProfile>(StringComparer.Ordinal);
        var used = new List<string>();
        foreach (var directory in directories.Where(Directory.Exists))
        {
            used.Add(directory);
            foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
            {
                var profile = ProfileJson.Parse(File.ReadAllText(file), file);
                profiles[profile.Id] = profile;
            }
        }

        return new ProfileCatalog(profiles, used);
    }

    public MeterProfile Get(string id) => _profiles.TryGetValue(id, out var profile)
        ? profile
        : throw new MeterProfileException(
            $"No profile \"{id}\". Known profiles: {string.Join(", ", _profiles.Keys.Order(StringComparer.Ordinal))}. Searched: {string.Join(", ", Directories)}.");
}
