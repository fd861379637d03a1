namespace Dream.Serial.Interop;

internal static unsafe partial class Libc
{
    [LibraryImport(Name, EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(SafeFileDescriptor fd, byte* buffer, nint count);
}
