namespace Dream.Gpio.Interop;

internal static partial class Libc
{
    [LibraryImport(LibraryName, EntryPoint = "ioctl", SetLastError = true)]
    internal static unsafe partial int ioctl(int fd, nuint request, void* argument);
}
