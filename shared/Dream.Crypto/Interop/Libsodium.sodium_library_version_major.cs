using System.Runtime.InteropServices;

namespace Dream.Crypto.Interop;

internal static partial class Libsodium
{
    [LibraryImport(LibraryName, EntryPoint = "sodium_library_version_major")]
    internal static partial int sodium_library_version_major();
}
