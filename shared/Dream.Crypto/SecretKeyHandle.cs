using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Dream.Crypto;

/// <summary>
/// Unmanaged memory holding libsodium's 64-byte Ed25519 secret key (seed || public key).
/// Kept off the GC heap so it is never copied by compaction, and zeroed before it is freed.
/// </summary>
internal sealed unsafe class SecretKeyHandle : SafeHandle
{
    internal const int Size = 64;

    internal SecretKeyHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    internal static SecretKeyHandle Allocate()
    {
        var result = new SecretKeyHandle();
        result.SetHandle((IntPtr)NativeMemory.AllocZeroed(Size));
        return result;
    }

    internal Span<byte> DangerousSpan => new((void*)handle, Size);

    protected override bool ReleaseHandle()
    {
        CryptographicOperations.ZeroMemory(new Span<byte>((void*)handle, Size));
        NativeMemory.Free((void*)handle);
        return true;
    }
}
