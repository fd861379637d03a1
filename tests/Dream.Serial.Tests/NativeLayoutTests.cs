using System.Runtime.InteropServices;
using Dream.Serial.Interop;

namespace Dream.Serial.Tests;

public class NativeLayoutTests
{
    [Fact]
    public void Termios_matches_glibc_layout()
    {
        Assert.Equal(60, Marshal.SizeOf<Termios>());
        Assert.Equal(0, (int)Marshal.OffsetOf<Termios>(nameof(Termios.InputFlags)));
        Assert.Equal(8, (int)Marshal.OffsetOf<Termios>(nameof(Termios.ControlFlags)));
        Assert.Equal(16, (int)Marshal.OffsetOf<Termios>(nameof(Termios.LineDiscipline)));
        Assert.Equal(17, (int)Marshal.OffsetOf<Termios>(nameof(Termios.ControlCharacters)));
        Assert.Equal(52, (int)Marshal.OffsetOf<Termios>(nameof(Termios.InputSpeed)));
        Assert.Equal(56, (int)Marshal.OffsetOf<Termios>(nameof(Termios.OutputSpeed)));
    }

    [Fact]
    public void Serial_rs485_matches_kernel_layout()
    {
        Assert.Equal(32, Marshal.SizeOf<SerialRs485>());
        Assert.Equal(4, (int)Marshal.OffsetOf<SerialRs485>(nameof(SerialRs485.DelayRtsBeforeSend)));
        Assert.Equal(8, (int)Marshal.OffsetOf<SerialRs485>(nameof(SerialRs485.DelayRtsAfterSend)));
        Assert.Equal(12, (int)Marshal.OffsetOf<SerialRs485>(nameof(SerialRs485.Padding)));
    }

    [Fact]
    public void Pollfd_matches_kernel_layout()
    {
        Assert.Equal(8, Marshal.SizeOf<PollFd>());
        Assert.Equal(6, (int)Marshal.OffsetOf<PollFd>(nameof(PollFd.ReturnedEvents)));
    }
}
