namespace Dream.Gpio.Interop;

/// <summary>The C library calls the GPIO binding makes, one per file (see the partial files).</summary>
internal static partial class Libc
{
    internal const string LibraryName = "libc";

    internal const int EINTR = 4;
    internal const int EAGAIN = 11;

    internal const int O_RDONLY = 0;
    internal const int O_RDWR = 2;
    internal const int O_CLOEXEC = 0x80000;

    internal const short POLLIN = 0x001;
}
