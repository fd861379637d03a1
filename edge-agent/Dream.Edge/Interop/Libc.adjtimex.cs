using System.Runtime.InteropServices;

namespace Dream.Edge.Interop;

internal static partial class Libc
{
    /// <summary>adjtimex(2) returns TIME_ERROR when the clock is not synchronized.</summary>
    internal const int TimeError = 5;

    /// <summary>STA_UNSYNC in <c>struct timex.status</c>.</summary>
    internal const int StaUnsync = 0x0040;

    /// <summary>sizeof(struct timex) is 208 on 64-bit Linux; a larger zeroed buffer is safe on every ABI.</summary>
    internal const int TimexBufferSize = 512;

    /// <summary>Reads the kernel clock state; with <c>modes = 0</c> it changes nothing and needs no privilege.</summary>
    [LibraryImport(LibraryName, EntryPoint = "adjtimex", SetLastError = true)]
    internal static unsafe partial int adjtimex(byte* buffer);
}
