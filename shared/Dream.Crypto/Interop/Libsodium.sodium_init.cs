using System.Runtime.InteropServices;

namespace Dream.Crypto.Interop;

internal static partial class Libsodium
{
    [LibraryImport(LibraryName, EntryPoint = "sodium_init")]
    internal static partial int sodium_init();
}
