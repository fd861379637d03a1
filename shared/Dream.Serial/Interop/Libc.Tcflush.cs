namespace Dream.Serial.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "tcflush", SetLastError = true)]
    internal static partial int Tcflush(SafeFileDescriptor fd, int queueSelector);
}
