using System.Security.Cryptography;

namespace Dream.Crypto;

/// <summary>The fixed DER wrappings of RFC 8410 for Ed25519 keys, so openssl can read what we write.</summary>
internal static class Pkcs
{
    // PrivateKeyInfo { version 0, AlgorithmIdentifier { id-Ed25519 1.3.101.112 }, OCTET STRING { OCTET STRING seed } }
    internal static ReadOnlySpan<byte> PrivateKeyPrefix => [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

    // SubjectPublicKeyInfo { AlgorithmIdentifier { id-Ed25519 }, BIT STRING (0 unused bits) key }
    internal static ReadOnlySpan<byte> PublicKeyPrefix => [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00];

    internal const string PrivateKeyLabel = "PRIVATE KEY";
    internal const string PublicKeyLabel = "PUBLIC KEY";

    internal static string PublicKeyToPem(ReadOnlySpan<byte> publicKey)
    {
        Span<byte> der = stackalloc byte[PublicKeyPrefix.Length + Ed25519.PublicKeySize];
        PublicKeyPrefix.CopyTo(der);
        publicKey.CopyTo(der[PublicKeyPrefix.Length..]);
        return new string(PemEncoding.Write(PublicKeyLabel, der)) + "\n";
    }

    internal static char[] PrivateKeyToPem(ReadOnlySpan<byte> seed)
    {
        Span<byte> der = stackalloc byte[PrivateKeyPrefix.Length + Ed25519.SeedSize];
        try
        {
            PrivateKeyPrefix.CopyTo(der);
            seed.CopyTo(der[PrivateKeyPrefix.Length..]);
            return PemEncoding.Write(PrivateKeyLabel, der);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }
}
