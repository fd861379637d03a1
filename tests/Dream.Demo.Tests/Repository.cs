namespace Dream.Demo.Tests;

/// <summary>The built executables of this repository, in the configuration the tests were built with.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";

    public static string DemoDll => Output("demo/Dream.Demo", "dream-demo.dll");

    public static string LedgerDll => Output("ledger-server/Dream.Ledger.Server", "dream-ledger.dll");

    private static string Output(string project, string dll) => Path.Combine(Root, project, "bin", Configuration, "net10.0", dll);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dream.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Dream.sln not found above the test assembly.");
    }
}
