namespace Dream.Edge.Interop;

/// <summary>The C library functions the agent calls, one per file (see the partial files).</summary>
internal static partial class Libc
{
    internal const string LibraryName = "libc";
}
