using System.Runtime.InteropServices;

namespace Dream.Demo.Processes;

/// <summary>kill(2): SIGTERM lets a child stop cleanly, which <see cref="System.Diagnostics.Process.Kill()"/> (SIGKILL) never does.</summary>
internal static partial class Libc
{
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
