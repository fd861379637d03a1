namespace Dream.Crypto.Tests;

public sealed class KeyTests
{
    [Fact]
    public void Generated_keys_differ_and_sign_what_they_verify()
    {
        using var a = Ed25519PrivateKey.Generate();
        using var b = Ed25519PrivateKey.Generate();
        var message = "interval 2026-11-21T09:00Z"u8.ToArray();

        Assert.NotEqual(a.PublicKey, b.PublicKey);
        Assert.True(a.PublicKey.Verify(message, a.Sign(message)));
        Assert.False(b.PublicKey.Verify(message, a.Sign(message)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Wrong_length_public_keys_and_seeds_are_rejected(int length)
    {
        Assert.Throws<ArgumentException>(() => Ed25519PublicKey.FromBytes(new byte[length]));
        Assert.Throws<ArgumentException>(() => Ed25519PrivateKey.FromSeed(new byte[length]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(65)]
    public void Wrong_length_signatures_never_verify(int length)
    {
        using var key = Ed25519PrivateKey.Generate();
        var message = "m"u8.ToArray();
        var signature = key.Sign(message);
        var resized = new byte[length];
        signature.AsSpan(0, Math.Min(length, signature.Length)).CopyTo(resized);

        Assert.False(key.PublicKey.Verify(message, resized));
    }

    [Fact]
    public void A_signature_buffer_of_the_wrong_size_is_refused()
    {
        using var key = Ed25519PrivateKey.Generate();
        Assert.Throws<ArgumentException>(() => key.Sign("m"u8, new byte[63]));
    }

    [Fact]
    public void Signatures_come_from_nsec_over_its_bundled_libsodium()
    {
        Assert.StartsWith("NSec.Cryptography 26.", Ed25519.Implementation, StringComparison.Ordinal);
        using var key = Ed25519PrivateKey.Generate();
        Assert.True(key.PublicKey.Verify("m"u8, key.Sign("m"u8)));

        // The libsodium mapped into this process is the one NSec ships beside the assemblies, never a system one.
        var loaded = File.ReadAllLines("/proc/self/maps").Where(l => l.Contains("libsodium", StringComparison.Ordinal))
            .Select(l => l[l.IndexOf('/', StringComparison.Ordinal)..]).Distinct().ToList();
        Assert.NotEmpty(loaded);
        Assert.All(loaded, path => Assert.StartsWith(Path.Combine(AppContext.BaseDirectory, "runtimes"), path, StringComparison.Ordinal));
    }
}
