namespace Dream.Demo.Tests;

/// <summary>The built executables of this repository, in the configuration the tests were built with.</summary>
internal static class Repository
{
    public static string DemoDll => RepositoryRoot.BuildOutput("demo/Dream.Demo", "dream-demo.dll");

    public static string LedgerDll => RepositoryRoot.BuildOutput("ledger-server/Dream.Ledger.Server", "dream-ledger.dll");
}
