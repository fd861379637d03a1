namespace Dream.Serial.Interop;

internal static unsafe partial class Libc
{
    [LibraryImport(Name, EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(SafeFileDescriptor fd, byte* buffer, nint count);
}
