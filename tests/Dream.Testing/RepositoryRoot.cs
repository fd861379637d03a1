namespace Dream.Testing;

/// <summary>The checkout the tests run from: the directory above the test binaries that holds Dream.sln.</summary>
public static class RepositoryRoot
{
    public static string Find()
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
