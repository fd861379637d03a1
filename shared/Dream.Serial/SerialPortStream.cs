using Dream.Serial.Interop;

namespace Dream.Serial;

/// <summary>A tty opened in raw mode (8 data bits, no flow control, no echo, no line editing) through termios,
/// exposed as a byte stream. The descriptor is non-blocking: reads wait in poll(2), so they honour cancellation.</summary>
public sealed class SerialPortStream : Stream
{
    // Short slices: a cancelled read (a timeout, the end of an RTU silence window) returns within 5 ms.
    private const int PollSliceMilliseconds = 5;
    private const int InvalidArgument = 22;

    private static readonly Dictionary<int, uint> SpeedConstants = new()
    {
        [1200] = 0x9,
        [2400] = 0xB,
        [4800] = 0xC,
        [9600] = 0xD,
        [19200] = 0xE,
        [38400] = 0xF,
        [57600] = 0x1001,
        [115200] = 0x1002,
    };

    private readonly SafeFileDescriptor _descriptor;

    internal SerialPortStream(SafeFileDescriptor descriptor, SerialPortSettings settings)
    {
        _descriptor = descriptor;
        Settings = settings;
    }

    public SerialPortSettings Settings { get; }

    public override bool CanRead => !_descriptor.IsClosed;

    public override bool CanWrite => !_descriptor.IsClosed;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <exception cref="SerialPortException">The port cannot be opened or configured; the message says why.</exception>
    public static SerialPortStream Open(SerialPortSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!SpeedConstants.TryGetValue(settings.BaudRate, out var speed))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.BaudRate,
                $"Unsupported baud rate {settings.BaudRate}; use one of {string.Join(", ", SerialPortSettings.SupportedBaudRates)}.");
        }

        var fd = Libc.Open(settings.Path, Constants.ReadWrite | Constants.NoControllingTerminal | Constants.NonBlocking | Constants.CloseOnExec);
        if (fd < 0)
        {
            throw Failure($"Cannot open {settings.Path}", Marshal.GetLastPInvokeError());
        }

        var descriptor = new SafeFileDescriptor(fd);
        try
        {
            Configure(descriptor, settings, speed);
            return new SerialPortStream(descriptor, settings);
        }
        catch
        {
            descriptor.Dispose();
            throw;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = ReadNow(buffer.Span, out var errno);
            if (read > 0)
            {
                return read;
            }

            if (read == 0 || errno == Constants.InputOutputError)
            {
                // The other end hung up (a USB adapter unplugged, a pseudo-terminal's peer closed).
                return 0;
            }

            if (errno != Constants.TryAgain)
            {
                throw Failure($"Reading {Settings.Path} failed", errno);
            }

            await WaitAsync(PollFd.In, cancellationToken);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var written = WriteNow(buffer.Span, out var errno);
            if (written > 0)
            {
                buffer = buffer[written..];
                continue;
            }

            if (errno != Constants.TryAgain)
            {
                throw Failure($"Writing {Settings.Path} failed", errno);
            }

            await WaitAsync(PollFd.Out, cancellationToken);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Waits until every written byte has left the UART (tcdrain), so RS485 timing starts after the frame.</summary>
    public override void Flush()
    {
        while (Libc.Tcdrain(_descriptor) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Constants.Interrupted)
            {
                throw Failure($"Draining {Settings.Path} failed", errno);
            }
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.Run(Flush, cancellationToken);

    /// <summary>Drops bytes received but not yet read.</summary>
    public void DiscardInput()
    {
        if (Libc.Tcflush(_descriptor, Constants.FlushInput) != 0)
        {
            throw Failure($"Flushing {Settings.Path} failed", Marshal.GetLastPInvokeError());
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _descriptor.Dispose();
        }

        base.Dispose(disposing);
    }

    internal static void Configure(SafeFileDescriptor descriptor, SerialPortSettings settings) =>
        Configure(descriptor, settings, SpeedConstants[settings.BaudRate]);

    internal SafeFileDescriptor Descriptor => _descriptor;

    private static void Configure(SafeFileDescriptor descriptor, SerialPortSettings settings, uint speed)
    {
        if (Libc.Tcgetattr(descriptor, out var termios) != 0)
        {
            throw Failure($"{settings.Path} is not a terminal device (tcgetattr)", Marshal.GetLastPInvokeError());
        }

        Libc.Cfmakeraw(ref termios);
        termios.ControlFlags &= ~(Constants.CharacterSizeMask | Constants.ParityEnable | Constants.ParityOdd | Constants.TwoStopBits | Constants.HardwareFlowControl);
        termios.ControlFlags |= Constants.EightBits | Constants.EnableReceiver | Constants.IgnoreModemLines;
        termios.ControlFlags |= settings.Parity switch
        {
            Parity.Even => Constants.ParityEnable,
            Parity.Odd => Constants.ParityEnable | Constants.ParityOdd,
            _ => 0u,
        };
        if (settings.StopBits == StopBits.Two)
        {
            termios.ControlFlags |= Constants.TwoStopBits;
        }

        unsafe
        {
            // With VMIN 1 a non-blocking read reports "no data yet" as EAGAIN, so 0 keeps meaning hang-up;
            // poll(2) does the waiting.
            termios.ControlCharacters[Termios.VMin] = 1;
            termios.ControlCharacters[Termios.VTime] = 0;
        }

        if (Libc.Cfsetispeed(ref termios, speed) != 0 || Libc.Cfsetospeed(ref termios, speed) != 0)
        {
            throw Failure($"Cannot set {settings.BaudRate} baud on {settings.Path}", Marshal.GetLastPInvokeError());
        }

        while (Libc.Tcsetattr(descriptor, Constants.SetNow, in termios) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == InvalidArgument && IsPseudoTerminal(settings.Path) && (termios.ControlFlags & (Constants.ParityEnable | Constants.TwoStopBits)) != 0)
            {
                // Some kernels refuse parity on a pseudo-terminal, which has no line to frame anyway.
                termios.ControlFlags &= ~(Constants.ParityEnable | Constants.ParityOdd | Constants.TwoStopBits);
                continue;
            }

            if (errno != Constants.Interrupted)
            {
                throw Failure($"Cannot configure {settings.Path} (tcsetattr)", errno);
            }
        }

        // tcsetattr succeeds when any one change took: read the settings back.
        if (Libc.Tcgetattr(descriptor, out var applied) != 0)
        {
            throw Failure($"Cannot read back the settings of {settings.Path}", Marshal.GetLastPInvokeError());
        }

        const uint Checked = Constants.CharacterSizeMask | Constants.ParityEnable | Constants.ParityOdd | Constants.TwoStopBits;
        if ((applied.ControlFlags & Checked) != (termios.ControlFlags & Checked) && !IsPseudoTerminal(settings.Path))
        {
            throw new SerialPortException($"{settings.Path} did not accept {settings}: the driver kept other framing settings.");
        }

        if (Libc.Tcflush(descriptor, Constants.FlushBoth) != 0)
        {
            throw Failure($"Flushing {settings.Path} failed", Marshal.GetLastPInvokeError());
        }

        if (settings.Rs485 is Rs485Options rs485)
        {
            EnableRs485(descriptor, settings.Path, rs485);
        }
    }

    /// <summary>A pseudo-terminal has no line and keeps no parity or stop bit setting; that is not an error.</summary>
    private static bool IsPseudoTerminal(string path)
    {
        var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        return target.StartsWith("/dev/pts/", StringComparison.Ordinal);
    }

    private static void EnableRs485(SafeFileDescriptor descriptor, string path, Rs485Options options)
    {
        var config = new SerialRs485
        {
            Flags = SerialRs485.Enabled
                | (options.RtsOnSend ? SerialRs485.RtsOnSend : 0)
                | (options.RtsAfterSend ? SerialRs485.RtsAfterSend : 0)
                | (options.ReceiveDuringTransmit ? SerialRs485.ReceiveDuringTransmit : 0),
            DelayRtsBeforeSend = (uint)options.DelayBeforeSendMilliseconds,
            DelayRtsAfterSend = (uint)options.DelayAfterSendMilliseconds,
        };
        if (Libc.IoctlRs485(descriptor, Constants.SetRs485, ref config) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Constants.NotATerminal || errno == 22)
            {
                throw new SerialPortException(
                    $"{path} has no kernel RS485 mode (TIOCSRS485 failed, errno {errno}). USB RS485 adapters switch direction themselves: leave RS485 mode off for them.", errno);
            }

            throw Failure($"Cannot enable RS485 mode on {path}", errno);
        }
    }

    internal static SerialPortException Failure(string what, int errno)
    {
        var hint = errno switch
        {
            Constants.NoSuchFile => "The device does not exist: check that the adapter is plugged in (ls /dev/ttyUSB* /dev/ttyAMA* /dev/serial/by-id/).",
            Constants.AccessDenied => "Permission denied: add the user to the dialout group (sudo usermod -aG dialout $USER) and log in again.",
            Constants.Busy => "The port is busy: another program (a getty, ModemManager, another agent) holds it.",
            Constants.NotATerminal => "This is not a serial device.",
            _ => string.Empty,
        };
        return new SerialPortException($"{what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}). {hint}".TrimEnd(), errno);
    }

    private unsafe int ReadNow(Span<byte> buffer, out int errno)
    {
        fixed (byte* pointer = buffer)
        {
            return Transfer(&Libc.Read, pointer, buffer.Length, out errno);
        }
    }

    private unsafe int WriteNow(ReadOnlySpan<byte> buffer, out int errno)
    {
        fixed (byte* pointer = buffer)
        {
            return Transfer(&Libc.Write, pointer, buffer.Length, out errno);
        }
    }

    // read(2) and write(2) alike: a call a signal interrupted before any byte moved (EINTR) is made again.
    private unsafe int Transfer(delegate*<SafeFileDescriptor, byte*, nint, nint> call, byte* buffer, int length, out int errno)
    {
        while (true)
        {
            var result = call(_descriptor, buffer, length);
            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (result >= 0 || errno != Constants.Interrupted)
            {
                return (int)result;
            }
        }
    }

    private Task WaitAsync(short events, CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            var descriptor = _descriptor.Descriptor;
            while (!cancellationToken.IsCancellationRequested && !_descriptor.IsClosed)
            {
                var poll = new PollFd { Descriptor = descriptor, Events = events };
                var ready = Libc.Poll(ref poll, 1, PollSliceMilliseconds);
                if (ready > 0)
                {
                    return;
                }

                if (ready < 0 && Marshal.GetLastPInvokeError() != Constants.Interrupted)
                {
                    throw Failure($"Waiting on {Settings.Path} failed", Marshal.GetLastPInvokeError());
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
        },
        cancellationToken);
}
