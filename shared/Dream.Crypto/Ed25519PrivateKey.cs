using NSec.Cryptography;

namespace Dream.Crypto;

/// <summary>An Ed25519 signing key. The secret lives in NSec's key object (libsodium's guarded memory, zeroed on
/// dispose); only a key file's writer copies the seed out.</summary>
public sealed class Ed25519PrivateKey : IDisposable
{
    private readonly Key _key;

    private Ed25519PrivateKey(Key key)
    {
        _key = key;
        PublicKey = Ed25519PublicKey.FromBytes(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    public Ed25519PublicKey PublicKey { get; }

    /// <summary>Creates a new key from libsodium's CSPRNG.</summary>
    public static Ed25519PrivateKey Generate()
    {
        var exportable = Exportable();
        return new(new Key(SignatureAlgorithm.Ed25519, in exportable));
    }

    /// <summary>Derives the key from its 32-byte seed (the RFC 8032 "secret key").</summary>
    public static Ed25519PrivateKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != Ed25519.SeedSize)
        {
            throw new ArgumentException($"An Ed25519 seed is {Ed25519.SeedSize} bytes, not {seed.Length}.", nameof(seed));
        }

        var exportable = Exportable();
        return new(Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey, in exportable));
    }

    /// <summary>Signs <paramref name="message"/> into <paramref name="signature"/> (64 bytes).</summary>
    public void Sign(ReadOnlySpan<byte> message, Span<byte> signature)
    {
        if (signature.Length != Ed25519.SignatureSize)
        {
            throw new ArgumentException($"The signature buffer must be {Ed25519.SignatureSize} bytes.", nameof(signature));
        }

        SignatureAlgorithm.Ed25519.Sign(_key, message, signature);
    }

    /// <summary>Signs <paramref name="message"/> and returns the 64-byte signature.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signature = new byte[Ed25519.SignatureSize];
        Sign(message, signature);
        return signature;
    }

    /// <summary>Copies the 32-byte seed out, for writing a key file. The caller zeroes the buffer.</summary>
    public void ExportSeed(Span<byte> destination)
    {
        if (destination.Length != Ed25519.SeedSize)
        {
            throw new ArgumentException($"The seed buffer must be {Ed25519.SeedSize} bytes.", nameof(destination));
        }

        if (!_key.TryExport(KeyBlobFormat.RawPrivateKey, destination, out var written) || written != Ed25519.SeedSize)
        {
            throw new System.Security.Cryptography.CryptographicException("The Ed25519 seed could not be exported.");
        }
    }

    public void Dispose() => _key.Dispose();

    // A key file holds the seed, so the key must let its owner export it.
    private static KeyCreationParameters Exportable() => new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
}
