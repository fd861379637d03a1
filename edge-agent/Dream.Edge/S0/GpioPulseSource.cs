using Dream.Gpio;

namespace Dream.Edge.S0;

/// <summary><see cref="IPulseSource"/> on Dream.Gpio: a line request's kernel edge events and line values.</summary>
public sealed class GpioPulseSource(GpioLineRequest request) : IPulseSource
{
    public async ValueTask<PulseEdge> ReadEdgeAsync(CancellationToken cancellationToken)
    {
        var e = await request.ReadEventAsync(cancellationToken);
        return new PulseEdge(e.TimestampNs, e.Edge == GpioEdge.Falling, e.Offset, e.LineSequence);
    }

    public bool IsHigh(uint line) => request.GetValue(line);

    public void Dispose() => request.Dispose();
}
