namespace Dream.Edge.S0;

/// <summary>
/// What the S0 counter reads: the edges of its lines and the direction line's level. The counter owns this port;
/// the kernel's GPIO character device sits behind it (<see cref="GpioPulseSource"/>), tests put a fake chip there.
/// </summary>
public interface IPulseSource : IDisposable
{
    /// <summary>Waits for the next edge of a requested line.</summary>
    ValueTask<PulseEdge> ReadEdgeAsync(CancellationToken cancellationToken);

    /// <summary>Whether a requested line is high now.</summary>
    bool IsHigh(uint line);
}
