using System.Runtime.InteropServices;

namespace Dream.Demo.Processes;

/// <summary>
/// kill(2): SIGTERM lets a child stop cleanly, which <see cref="System.Diagnostics.Process.Kill()"/> (SIGKILL) never
/// does. umask(2): what the demo and every child it starts create is private to the user.
/// </summary>
internal static partial class Libc
{
    public const int SigTerm = 15;

    /// <summary>Group and others get nothing: directories 0700, files 0600.</summary>
    public const uint PrivateUmask = 0b000_111_111;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "umask")]
    public static partial uint Umask(uint mask);
}
