namespace Dream.Contracts.Tests;

internal static class RepositoryRoot
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
