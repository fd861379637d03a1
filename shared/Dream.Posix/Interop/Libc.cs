namespace Dream.Posix.Interop;

/// <summary>The C library calls Dream.Posix makes, one per file (see the partial files).</summary>
internal static partial class Libc
{
    internal const string LibraryName = "libc";

    internal const int EINTR = 4;
}
