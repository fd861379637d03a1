using System.Runtime.InteropServices;

namespace Dream.Crypto.Interop;

internal static partial class Libsodium
{
    [LibraryImport(LibraryName, EntryPoint = "crypto_sign_detached")]
    internal static unsafe partial int crypto_sign_detached(byte* sig, out ulong siglen, byte* m, ulong mlen, byte* sk);
}
