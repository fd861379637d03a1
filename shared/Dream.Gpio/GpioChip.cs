using System.Text;
using Dream.Gpio.Interop;
using Dream.Posix;

namespace Dream.Gpio;

/// <summary>A GPIO chip (<c>/dev/gpiochipN</c>) opened through the character device, uAPI v2.</summary>
public sealed class GpioChip : IDisposable
{
    private readonly SafeFileDescriptor _handle;

    private GpioChip(string path, SafeFileDescriptor handle)
    {
        Path = path;
        _handle = handle;
    }

    public string Path { get; }

    public static GpioChip Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        int fd;
        do
        {
            fd = Libc.open(path, Libc.O_RDWR | Libc.O_CLOEXEC);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);

        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new GpioException($"Cannot open {path} (is the user in the gpio group? see hardware/README.md)", errno);
        }

        return new GpioChip(path, new SafeFileDescriptor(fd));
    }

    /// <summary>Requests input lines with edge detection (GPIO_V2_GET_LINE_IOCTL).</summary>
    public unsafe GpioLineRequest RequestEdgeEvents(IReadOnlyList<uint> offsets, GpioLineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(settings);
        if (offsets.Count is 0 or > GpioUapi.LinesMax)
        {
            throw new ArgumentOutOfRangeException(nameof(offsets), $"Request 1 to {GpioUapi.LinesMax} lines.");
        }

        var request = BuildRequest(offsets, settings);
        int result;
        var added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            do
            {
                result = Libc.ioctl(_handle.Descriptor, GpioUapi.GetLineIoctl, &request);
            }
            while (result < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }

        if (result < 0)
        {
            throw new GpioException($"Cannot request lines {string.Join(',', offsets)} of {Path} (busy, or no such line?)", Marshal.GetLastPInvokeError());
        }

        return new GpioLineRequest(new SafeFileDescriptor(request.Fd), offsets);
    }

    /// <summary>The request struct, filled as the kernel expects (exposed for the layout tests).</summary>
    internal static unsafe GpioUapi.LineRequest BuildRequest(IReadOnlyList<uint> offsets, GpioLineSettings settings)
    {
        var request = default(GpioUapi.LineRequest);
        for (var i = 0; i < offsets.Count; i++)
        {
            request.Offsets[i] = offsets[i];
        }

        var consumer = Encoding.UTF8.GetBytes(settings.Consumer);
        var length = Math.Min(consumer.Length, GpioUapi.MaxNameSize - 1);
        for (var i = 0; i < length; i++)
        {
            request.Consumer[i] = consumer[i];
        }

        var flags = GpioUapi.FlagInput;
        flags |= settings.Edges.HasFlag(GpioEdge.Rising) ? GpioUapi.FlagEdgeRising : 0;
        flags |= settings.Edges.HasFlag(GpioEdge.Falling) ? GpioUapi.FlagEdgeFalling : 0;
        flags |= settings.ActiveLow ? GpioUapi.FlagActiveLow : 0;
        flags |= settings.Bias switch
        {
            GpioBias.PullUp => GpioUapi.FlagBiasPullUp,
            GpioBias.PullDown => GpioUapi.FlagBiasPullDown,
            GpioBias.Disabled => GpioUapi.FlagBiasDisabled,
            _ => 0UL,
        };
        request.Config.Flags = flags;
        if (settings.DebounceMicroseconds > 0)
        {
            request.Config.NumAttrs = 1;
            request.Config.Attrs[0].Attribute.Id = GpioUapi.AttrIdDebounce;
            request.Config.Attrs[0].Attribute.Value = settings.DebounceMicroseconds;
            request.Config.Attrs[0].Mask = offsets.Count == 64 ? ulong.MaxValue : (1UL << offsets.Count) - 1;
        }

        request.NumLines = (uint)offsets.Count;
        request.EventBufferSize = settings.EventBufferSize;
        return request;
    }

    public void Dispose() => _handle.Dispose();
}
