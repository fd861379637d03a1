using System.Text;
using Dream.Serial.Interop;

namespace Dream.Serial;

/// <summary>A pseudo-terminal pair: this side (the master) is a stream; programs open <see cref="DevicePath"/>
/// (or the link made to it) as if it were a serial port. Used to serve a simulated meter over RTU.</summary>
public sealed class PseudoTerminal : IDisposable
{
    private readonly SafeFileDescriptor _keepOpen;
    private readonly string? _link;

    private PseudoTerminal(SerialPortStream master, string devicePath, SafeFileDescriptor keepOpen, string? link)
    {
        Master = master;
        DevicePath = devicePath;
        _keepOpen = keepOpen;
        _link = link;
    }

    public SerialPortStream Master { get; }

    /// <summary>The terminal side, e.g. /dev/pts/4.</summary>
    public string DevicePath { get; }

    /// <summary>Opens a pair; with <paramref name="linkPath"/>, a symbolic link to the terminal side is made there.</summary>
    public static PseudoTerminal Open(string? linkPath = null)
    {
        const string Multiplexer = "/dev/ptmx";
        var fd = Libc.Open(Multiplexer, Constants.ReadWrite | Constants.NoControllingTerminal | Constants.NonBlocking | Constants.CloseOnExec);
        if (fd < 0)
        {
            throw SerialPortStream.Failure($"Cannot open {Multiplexer}", Marshal.GetLastPInvokeError());
        }

        var master = new SafeFileDescriptor(fd);
        try
        {
            if (Libc.Grantpt(master) != 0 || Libc.Unlockpt(master) != 0)
            {
                throw SerialPortStream.Failure("Cannot unlock the pseudo-terminal", Marshal.GetLastPInvokeError());
            }

            var device = Name(master);
            var settings = new SerialPortSettings(device);
            SerialPortStream.Configure(master, settings);

            // While no program holds the terminal side, reading the master fails with EIO: hold it ourselves.
            var slaveFd = Libc.Open(device, Constants.ReadWrite | Constants.NoControllingTerminal | Constants.NonBlocking | Constants.CloseOnExec);
            if (slaveFd < 0)
            {
                throw SerialPortStream.Failure($"Cannot open {device}", Marshal.GetLastPInvokeError());
            }

            var slave = new SafeFileDescriptor(slaveFd);
            SerialPortStream.Configure(slave, settings);
            if (linkPath is not null)
            {
                if (File.Exists(linkPath) || new FileInfo(linkPath).LinkTarget is not null)
                {
                    File.Delete(linkPath);
                }

                File.CreateSymbolicLink(linkPath, device);
            }

            return new PseudoTerminal(new SerialPortStream(master, settings), device, slave, linkPath);
        }
        catch
        {
            master.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Master.Dispose();
        _keepOpen.Dispose();
        if (_link is not null && new FileInfo(_link).LinkTarget == DevicePath)
        {
            File.Delete(_link);
        }
    }

    private static unsafe string Name(SafeFileDescriptor master)
    {
        var buffer = stackalloc byte[128];
        var result = Libc.PtsnameR(master, buffer, 128);
        if (result != 0)
        {
            throw SerialPortStream.Failure("Cannot name the pseudo-terminal", result);
        }

        return Encoding.ASCII.GetString(buffer, new ReadOnlySpan<byte>(buffer, 128).IndexOf((byte)0));
    }
}
