using System.Runtime.InteropServices;

namespace Dream.Crypto.Interop;

internal static partial class Libsodium
{
    [LibraryImport(LibraryName, EntryPoint = "randombytes_buf")]
    internal static unsafe partial void randombytes_buf(byte* buf, nuint size);
}
