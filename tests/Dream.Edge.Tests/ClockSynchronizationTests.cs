using System.Buffers.Binary;
using Dream.Edge.Clock;

namespace Dream.Edge.Tests;

public sealed class ClockSynchronizationTests
{
    /// <summary>An independent reading of adjtimex(2): Python's ctypes lays out struct timex from the man page by itself.</summary>
    private const string PythonAdjtimex = """
        import ctypes
        L = ctypes.c_long
        class Timeval(ctypes.Structure):
            _fields_ = [("sec", L), ("usec", L)]
        class Timex(ctypes.Structure):
            _fields_ = [("modes", ctypes.c_uint), ("offset", L), ("freq", L), ("maxerror", L), ("esterror", L),
                        ("status", ctypes.c_int), ("constant", L), ("precision", L), ("tolerance", L), ("time", Timeval),
                        ("tick", L), ("ppsfreq", L), ("jitter", L), ("shift", ctypes.c_int), ("stabil", L), ("jitcnt", L),
                        ("calcnt", L), ("errcnt", L), ("stbcnt", L), ("tai", ctypes.c_int), ("pad", ctypes.c_int * 11)]
        t = Timex()
        state = ctypes.CDLL(None, use_errno=True).adjtimex(ctypes.byref(t))
        print(state, t.status, t.maxerror)
        """;

    [Fact]
    public async Task The_kernel_clock_state_agrees_with_an_independent_adjtimex_call()
    {
        var python = await ExternalProgram.RunAsync("/usr/bin/python3", ["-c", PythonAdjtimex], timeout: TimeSpan.FromSeconds(30));
        var ours = new KernelClockSynchronization().Query();

        Assert.True(python.ExitCode == 0, python.StandardError);
        var parts = python.StandardOutput.Trim().Split(' ').Select(long.Parse).ToArray();
        var (state, status, maxError) = (parts[0], parts[1], parts[2]);
        var synchronized = state != 5 && (status & 0x40) == 0 && maxError < KernelClockSynchronization.MaxErrorLimitMicroseconds;
        Assert.Equal(synchronized, ours.IsSynchronized);
        // maxerror grows by 500 ppm while unsynchronized and is capped at 16 s: the two calls are close in time.
        Assert.InRange(ours.MaxErrorMicroseconds, maxError - 1_000_000, maxError + 1_000_000);
    }

    [Theory]
    [InlineData(0, 0x0000, 500L, true)] // TIME_OK, synchronized, 0.5 ms maximum error
    [InlineData(1, 0x2001, 999_999L, true)] // TIME_INS with STA_PLL | STA_NANO: still synchronized
    [InlineData(5, 0x0000, 500L, false)] // TIME_ERROR
    [InlineData(0, 0x0040, 500L, false)] // STA_UNSYNC
    [InlineData(0, 0x2041, 500L, false)] // STA_UNSYNC among other bits
    [InlineData(0, 0x0000, 1_000_000L, false)] // maximum error 1 s
    [InlineData(0, 0x0000, 16_000_000L, false)] // the kernel's 16 s cap
    [InlineData(-1, 0x0000, 500L, false)] // the call failed
    public void Adjtimex_results_are_read_from_the_struct_timex_layout(int state, int status, long maxError, bool synchronized)
    {
        var timex64 = new byte[208];
        BinaryPrimitives.WriteInt64LittleEndian(timex64.AsSpan(24), maxError);
        BinaryPrimitives.WriteInt32LittleEndian(timex64.AsSpan(40), status);
        var ours = KernelClockSynchronization.Interpret(state, timex64, is64Bit: true);
        Assert.Equal(synchronized, ours.IsSynchronized);
        Assert.Equal(state < 0 ? long.MaxValue : maxError, ours.MaxErrorMicroseconds);

        var timex32 = new byte[128];
        BinaryPrimitives.WriteInt32LittleEndian(timex32.AsSpan(12), (int)maxError);
        BinaryPrimitives.WriteInt32LittleEndian(timex32.AsSpan(20), status);
        Assert.Equal(synchronized, KernelClockSynchronization.Interpret(state, timex32, is64Bit: false).IsSynchronized);
    }
}
