namespace Dream.Serial.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "tcdrain", SetLastError = true)]
    internal static partial int Tcdrain(SafeFileDescriptor fd);
}
