namespace Dream.Serial.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "cfsetispeed", SetLastError = true)]
    internal static partial int Cfsetispeed(ref Termios termios, uint speed);
}
