namespace Dream.Serial.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "cfmakeraw", SetLastError = true)]
    internal static partial void Cfmakeraw(ref Termios termios);
}
