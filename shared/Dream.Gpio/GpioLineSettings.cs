namespace Dream.Gpio;

/// <summary>How to request input lines for edge events.</summary>
public sealed record GpioLineSettings
{
    public GpioEdge Edges { get; init; } = GpioEdge.Falling;

    public GpioBias Bias { get; init; } = GpioBias.PullUp;

    /// <summary>Kernel debounce period; 0 disables it. S0 pulses last 30-100 ms, so a few ms filters contact bounce safely.</summary>
    public uint DebounceMicroseconds { get; init; } = 5_000;

    public bool ActiveLow { get; init; }

    /// <summary>Kernel event buffer length (0 = the kernel default, 16 per line).</summary>
    public uint EventBufferSize { get; init; }

    /// <summary>Who holds the lines, as shown by gpioinfo.</summary>
    public string Consumer { get; init; } = "dream-agent";
}
