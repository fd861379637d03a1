namespace Dream.Dashboard.Tests;

/// <summary>One ledger and one browser for every dashboard test class (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class DashboardTestGroup : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
