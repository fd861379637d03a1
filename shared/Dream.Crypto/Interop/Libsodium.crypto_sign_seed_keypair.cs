using System.Runtime.InteropServices;

namespace Dream.Crypto.Interop;

internal static partial class Libsodium
{
    internal const int CryptoSignPublicKeyBytes = 32;
    internal const int CryptoSignSecretKeyBytes = 64;
    internal const int CryptoSignSeedBytes = 32;
    internal const int CryptoSignBytes = 64;

    [LibraryImport(LibraryName, EntryPoint = "crypto_sign_seed_keypair")]
    internal static unsafe partial int crypto_sign_seed_keypair(byte* pk, byte* sk, byte* seed);
}
