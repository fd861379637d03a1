namespace Dream.Serial.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "unlockpt", SetLastError = true)]
    internal static partial int Unlockpt(SafeFileDescriptor fd);
}
