namespace Dream.Serial.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "tcgetattr", SetLastError = true)]
    internal static partial int Tcgetattr(SafeFileDescriptor fd, out Termios termios);
}
