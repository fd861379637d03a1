using System.Runtime.InteropServices;
using Dream.Posix.Interop;

namespace Dream.Posix;

/// <summary>Owns a file descriptor (a serial port, a GPIO chip or line request) and closes it exactly once.</summary>
public sealed class SafeFileDescriptor : SafeHandle
{
    /// <summary>An invalid descriptor; the interop marshaller creates handles this way.</summary>
    public SafeFileDescriptor()
        : base(new IntPtr(-1), ownsHandle: true)
    {
    }

    public SafeFileDescriptor(int descriptor)
        : base(new IntPtr(-1), ownsHandle: true) => SetHandle(descriptor);

    public override bool IsInvalid => handle < 0;

    /// <summary>The raw number, for calls that take an int; hold a reference (DangerousAddRef) meanwhile.</summary>
    public int Descriptor => (int)handle;

    // close(2) is never retried: on Linux the descriptor is released even when close reports EINTR, and a retry
    // could close a descriptor another thread has just been given (the .NET runtime treats EINTR as closed too).
    protected override bool ReleaseHandle() =>
        Libc.Close((int)handle) == 0 || Marshal.GetLastPInvokeError() == Libc.EINTR;
}
