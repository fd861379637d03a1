namespace Dream.Testing;

/// <summary>The checkout the tests run from: the directory above the test binaries that holds Dream.sln.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> s_root = new(Search);

    /// <summary>The configuration (Release, Debug) the tests were built in: bin/&lt;configuration&gt;/net10.0/.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    /// <summary>The shipped meter profiles, hardware/meters/*.json.</summary>
    public static string MeterProfiles => Path.Combine(Find(), "hardware", "meters");

    public static string Find() => s_root.Value;

    /// <summary>A file of a repository project's build output in the tests' configuration, e.g. ("demo/Dream.Demo", "dream-demo.dll").</summary>
    public static string BuildOutput(string project, string file) => Path.Combine(Find(), project, "bin", Configuration, "net10.0", file);

    private static string Search()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dream.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Dream.sln not found above the test binaries.");
    }
}
