namespace Dream.Serial.Interop;

internal static unsafe partial class Libc
{
    [LibraryImport(Name, EntryPoint = "ptsname_r", SetLastError = true)]
    internal static partial int PtsnameR(SafeFileDescriptor fd, byte* buffer, nuint length);
}
