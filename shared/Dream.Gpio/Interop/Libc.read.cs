namespace Dream.Gpio.Interop;

internal static partial class Libc
{
    [LibraryImport(LibraryName, EntryPoint = "read", SetLastError = true)]
    internal static unsafe partial nint read(int fd, void* buffer, nuint count);
}
