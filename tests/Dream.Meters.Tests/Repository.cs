namespace Dream.Meters.Tests;

internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Profiles => Path.Combine(Root, "hardware", "meters");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dream.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Dream.sln not found above the test directory.");
    }
}
