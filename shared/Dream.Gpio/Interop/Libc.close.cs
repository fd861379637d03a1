using System.Runtime.InteropServices;

namespace Dream.Gpio.Interop;

internal static partial class Libc
{
    [LibraryImport(LibraryName, EntryPoint = "close", SetLastError = true)]
    internal static partial int close(int fd);
}
