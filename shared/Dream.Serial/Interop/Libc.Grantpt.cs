namespace Dream.Serial.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "grantpt", SetLastError = true)]
    internal static partial int Grantpt(SafeFileDescriptor fd);
}
