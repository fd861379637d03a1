namespace Dream.Demo.Processes;

/// <summary>Where the built executables are: the repository's Release (or Debug) outputs beside this program's.</summary>
internal sealed record DreamPrograms(string AgentDll, string LedgerDll, string WitnessDll)
{
    public static DreamPrograms Locate(string? repository)
    {
        var root = repository ?? FindRepository(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("Cannot find the repository (Dream.sln) above this program; pass --repo.");
        var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        string Find(string project, string dll)
        {
            var path = Path.Combine(root, project, "bin", configuration, "net10.0", dll);
            return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build the solution first (dotnet build Dream.sln -c {configuration}).");
        }

        return new DreamPrograms(Find("edge-agent/Dream.Agent", "dream-agent.dll"), Find("ledger-server/Dream.Ledger.Server", "dream-ledger.dll"),
            Find("witness/Dream.Witness", "dream-witness.dll"));
    }

    private static string? FindRepository(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dream.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
