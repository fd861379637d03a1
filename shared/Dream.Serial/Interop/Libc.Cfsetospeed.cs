namespace Dream.Serial.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "cfsetospeed", SetLastError = true)]
    internal static partial int Cfsetospeed(ref Termios termios, uint speed);
}
