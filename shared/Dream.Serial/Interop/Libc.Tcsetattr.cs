namespace Dream.Serial.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "tcsetattr", SetLastError = true)]
    internal static partial int Tcsetattr(SafeFileDescriptor fd, int optionalActions, in Termios termios);
}
