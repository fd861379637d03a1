namespace Dream.Serial.Interop;

/// <summary>The C library that the serial binding calls; each function is declared in its own file.</summary>
internal static partial class Libc
{
    public const string Name = "libc";
}
