using System.Runtime.InteropServices;

namespace Dream.Crypto.Interop;

internal static partial class Libsodium
{
    [LibraryImport(LibraryName, EntryPoint = "crypto_sign_verify_detached")]
    internal static unsafe partial int crypto_sign_verify_detached(byte* sig, byte* m, ulong mlen, byte* pk);
}
