namespace Dream.Agent.Commands;

/// <summary>Options several commands take.</summary>
internal static class SharedOptions
{
    public static Option<DirectoryInfo?> ProfilesDirectory() => new("--profiles-dir")
    {
        Description = $"An extra directory of meter profiles (*.json), read after the shipped ones, /etc/dream/meters and ${ProfileCatalog.EnvironmentVariable}.",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print JSON on standard output instead of a table.",
    };

    public static Option<int> TimeoutMilliseconds(int defaultValue) => new("--timeout-ms")
    {
        Description = "How long to wait for each answer, in milliseconds.",
        DefaultValueFactory = _ => defaultValue,
    };

    public static ProfileCatalog LoadCatalog(DirectoryInfo? extra) => ProfileCatalog.LoadDefault(extra?.FullName);
}
