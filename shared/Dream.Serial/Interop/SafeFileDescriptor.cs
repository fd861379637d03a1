using System.Runtime.InteropServices;

namespace Dream.Serial.Interop;

/// <summary>Owns a file descriptor; closes it exactly once.</summary>
internal sealed class SafeFileDescriptor : SafeHandle
{
    public SafeFileDescriptor()
        : base(new IntPtr(-1), ownsHandle: true)
    {
    }

    public SafeFileDescriptor(int descriptor)
        : base(new IntPtr(-1), ownsHandle: true) => SetHandle(descriptor);

    public override bool IsInvalid => handle == new IntPtr(-1);

    public int Descriptor => (int)handle;

    protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
}
