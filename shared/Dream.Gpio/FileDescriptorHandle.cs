using System.Runtime.InteropServices;
using Dream.Gpio.Interop;

namespace Dream.Gpio;

/// <summary>A file descriptor (the chip, or a line request), closed exactly once.</summary>
internal sealed class FileDescriptorHandle : SafeHandle
{
    public FileDescriptorHandle(int fd)
        : base(new IntPtr(-1), ownsHandle: true)
    {
        SetHandle(new IntPtr(fd));
    }

    public override bool IsInvalid => handle.ToInt64() < 0;

    public int Fd => (int)handle.ToInt64();

    protected override bool ReleaseHandle() => Libc.close(Fd) == 0;
}
