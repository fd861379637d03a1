namespace Dream.Crypto;

/// <summary>Sizes of Ed25519 objects (RFC 8032).</summary>
public static class Ed25519
{
    public const int PublicKeySize = 32;
    public const int SeedSize = 32;
    public const int SignatureSize = 64;
}
