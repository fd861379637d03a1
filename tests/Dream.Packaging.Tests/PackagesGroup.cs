namespace Dream.Packaging.Tests;

/// <summary>Every packaging test shares one build of the packages, and runs one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PackagesGroup : ICollectionFixture<PackagesFixture>
{
    public const string Name = "packages";
}
