using System.Security.Cryptography;

namespace Dream.Ledger.Tests;

/// <summary>The verifier key line the docs show with '+' inside its base64 is real: it parses, and it is the documented seed's key.</summary>
public sealed class VerifierKeyDocsTests
{
    private const string Line = "ledger.grid.example/dream+108946a8+AbL+EeE/lC5FAOzVNu3ChQk05MKeS+qCdzEvjw+bI6xZ";

    [Fact]
    public void The_documented_key_line_with_plus_signs_in_its_base64_is_the_example_seeds_key()
    {
        using var key = Ed25519PrivateKey.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes("dream verifier key example 2")));
        Assert.Equal(Line, NoteVerifier.Create("ledger.grid.example/dream", key.PublicKey).VerifierKey);
        Assert.Equal(Line, NoteVerifier.Parse(Line).VerifierKey);
        var root = RepositoryRoot.Find();
        Assert.Contains(Line, File.ReadAllText(Path.Combine(root, "docs", "transparency-log.md")), StringComparison.Ordinal);
        Assert.Contains(Line, File.ReadAllText(Path.Combine(root, "docs", "ledger.md")), StringComparison.Ordinal);
    }
}
