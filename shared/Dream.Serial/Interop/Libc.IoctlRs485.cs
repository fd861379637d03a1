namespace Dream.Serial.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int IoctlRs485(SafeFileDescriptor fd, nuint request, ref SerialRs485 rs485);
}
