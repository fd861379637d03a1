namespace Dream.Ledger.Tests;

/// <summary>The real <c>dream-ledger</c> (or another of the repository's executables beside the tests) as a child process.</summary>
public static class LedgerProcess
{
    /// <summary>Runs <c>dream-ledger run --config <paramref name="configFile"/></c>.</summary>
    public static RunningProgram Run(string configFile) => Start("dream-ledger.dll", "run", "--config", configFile);

    /// <summary>Runs an executable beside the tests (e.g. <c>dream-witness.dll</c>) with <paramref name="arguments"/>.</summary>
    public static RunningProgram Start(string dll, params string[] arguments) =>
        RunningProgram.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, dll), .. arguments]);
}
