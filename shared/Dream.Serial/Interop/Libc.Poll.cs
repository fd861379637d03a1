namespace Dream.Serial.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "poll", SetLastError = true)]
    internal static partial int Poll(ref PollFd fds, nuint count, int timeoutMilliseconds);
}
