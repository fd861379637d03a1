using Dream.Gpio.Interop;
using Dream.Posix;

namespace Dream.Gpio;

/// <summary>
/// Requested lines: their edge events (read from the request's file descriptor, waiting with poll so
/// cancellation is prompt) and their values (GPIO_V2_LINE_GET_VALUES_IOCTL).
/// </summary>
public sealed class GpioLineRequest : IDisposable
{
    private const int PollMilliseconds = 250;

    private readonly SafeFileDescriptor _handle;
    private readonly uint[] _offsets;

    internal GpioLineRequest(SafeFileDescriptor handle, IReadOnlyList<uint> offsets)
    {
        _handle = handle;
        _offsets = [.. offsets];
    }

    public IReadOnlyList<uint> Offsets => _offsets;

    /// <summary>Blocks a pool thread in poll/read until an event arrives; the event struct is exactly 48 bytes.</summary>
    public ValueTask<GpioEdgeEvent> ReadEventAsync(CancellationToken cancellationToken) =>
        new(Task.Factory.StartNew(() => ReadEvent(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default));

    public unsafe bool GetValue(uint offset)
    {
        var index = Array.IndexOf(_offsets, offset);
        if (index < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Line {offset} is not part of this request.");
        }

        var values = new GpioUapi.LineValues { Mask = 1UL << index };
        int result;
        do
        {
            result = Libc.ioctl(_handle.Descriptor, GpioUapi.LineGetValuesIoctl, &values);
        }
        while (result < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);

        if (result < 0)
        {
            throw new GpioException($"Cannot read line {offset}", Marshal.GetLastPInvokeError());
        }

        return (values.Bits & (1UL << index)) != 0;
    }

    public void Dispose() => _handle.Dispose();

    internal static GpioEdgeEvent Decode(in GpioUapi.LineEvent e) => new(
        e.TimestampNs,
        e.Id == GpioUapi.EventRisingEdge ? GpioEdge.Rising : e.Id == GpioUapi.EventFallingEdge ? GpioEdge.Falling : GpioEdge.None,
        e.Offset,
        e.Seqno,
        e.LineSeqno);

    private unsafe GpioEdgeEvent ReadEvent(CancellationToken cancellationToken)
    {
        var added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var pollFd = new Libc.PollFd { Fd = _handle.Descriptor, Events = Libc.POLLIN };
                var ready = Libc.poll(&pollFd, 1, PollMilliseconds);
                if (ready < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Libc.EINTR)
                    {
                        continue;
                    }

                    throw new GpioException("poll on the line request failed", errno);
                }

                if (ready == 0)
                {
                    continue;
                }

                GpioUapi.LineEvent e;
                var n = Libc.read(_handle.Descriptor, &e, (nuint)sizeof(GpioUapi.LineEvent));
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno is Libc.EINTR or Libc.EAGAIN)
                    {
                        continue;
                    }

                    throw new GpioException("Reading a line event failed", errno);
                }

                if (n != sizeof(GpioUapi.LineEvent))
                {
                    throw new GpioException($"A line event is {sizeof(GpioUapi.LineEvent)} bytes; the kernel gave {n}.");
                }

                return Decode(e);
            }
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }
}
