namespace Dream.Gpio;

/// <summary>Edge events of requested lines and their current values: a real <see cref="GpioLineRequest"/>, or a fake in tests.</summary>
public interface IGpioEdgeEventSource : IDisposable
{
    /// <summary>Waits for the next edge event.</summary>
    ValueTask<GpioEdgeEvent> ReadEventAsync(CancellationToken cancellationToken);

    /// <summary>The current logical value of a requested line.</summary>
    bool GetValue(uint offset);
}
