namespace Dream.Crypto;

/// <summary>Sizes of Ed25519 objects (RFC 8032).</summary>
public static class Ed25519
{
    public const int PublicKeySize = 32;
    public const int SeedSize = 32;
    public const int SignatureSize = 64;

    /// <summary>What computes the signatures, for benchmark and diagnostic output.</summary>
    public static string Implementation { get; } =
        $"NSec.Cryptography {typeof(NSec.Cryptography.SignatureAlgorithm).Assembly.GetName().Version?.ToString(3)} (bundled libsodium)";
}
