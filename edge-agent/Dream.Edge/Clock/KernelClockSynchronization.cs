using System.Buffers.Binary;
using Dream.Edge.Interop;

namespace Dream.Edge.Clock;

/// <summary>
/// Asks the kernel through adjtimex(2) (read-only, modes = 0): the clock is synchronized when the call does
/// not return TIME_ERROR, STA_UNSYNC is clear and the maximum error is below <see cref="MaxErrorLimitMicroseconds"/>.
/// </summary>
public sealed class KernelClockSynchronization : IClockSynchronization
{
    /// <summary>The kernel itself declares the clock unsynchronized at 16 s; we are stricter.</summary>
    public const long MaxErrorLimitMicroseconds = 1_000_000;

    public unsafe ClockState Query()
    {
        var buffer = stackalloc byte[Libc.TimexBufferSize];
        new Span<byte>(buffer, Libc.TimexBufferSize).Clear();
        var state = Libc.adjtimex(buffer);
        if (state < 0)
        {
            return new ClockState(false, long.MaxValue);
        }

        var span = new ReadOnlySpan<byte>(buffer, Libc.TimexBufferSize);
        // struct timex: modes (int), then longs offset, freq, maxerror, esterror, then int status.
        long maxError;
        int status;
        if (IntPtr.Size == 8)
        {
            maxError = BinaryPrimitives.ReadInt64LittleEndian(span[24..]);
            status = BinaryPrimitives.ReadInt32LittleEndian(span[40..]);
        }
        else
        {
            maxError = BinaryPrimitives.ReadInt32LittleEndian(span[12..]);
            status = BinaryPrimitives.ReadInt32LittleEndian(span[20..]);
        }

        var synchronized = state != Libc.TimeError && (status & Libc.StaUnsync) == 0 && maxError < MaxErrorLimitMicroseconds;
        return new ClockState(synchronized, maxError);
    }
}
