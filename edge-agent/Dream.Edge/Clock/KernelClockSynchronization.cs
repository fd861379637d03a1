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
        return Interpret(state, new ReadOnlySpan<byte>(buffer, Libc.TimexBufferSize), IntPtr.Size == 8);
    }

    /// <summary>What adjtimex's return value and the struct timex it filled say (little-endian Linux).</summary>
    internal static ClockState Interpret(int state, ReadOnlySpan<byte> timex, bool is64Bit)
    {
        if (state < 0)
        {
            return new ClockState(false, long.MaxValue);
        }

        // struct timex: modes (int, padded to a long), then longs offset, freq, maxerror, esterror, then int status.
        var maxError = is64Bit ? BinaryPrimitives.ReadInt64LittleEndian(timex[24..]) : BinaryPrimitives.ReadInt32LittleEndian(timex[12..]);
        var status = BinaryPrimitives.ReadInt32LittleEndian(timex[(is64Bit ? 40 : 20)..]);
        var synchronized = state != Libc.TimeError && (status & Libc.StaUnsync) == 0 && maxError < MaxErrorLimitMicroseconds;
        return new ClockState(synchronized, maxError);
    }
}
