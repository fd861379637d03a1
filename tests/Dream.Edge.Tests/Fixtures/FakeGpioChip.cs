using Dream.Edge.S0;
using Dream.Gpio;

namespace Dream.Edge.Tests.Fixtures;

/// <summary>A GPIO chip with no hardware behind it, as the S0 counter's pulse source: the test emits edges and sets line values.</summary>
public sealed class FakeGpioChip : IPulseSource
{
    private readonly Channel<PulseEdge> _events = Channel.CreateUnbounded<PulseEdge>();
    private readonly Dictionary<uint, bool> _values = [];
    private readonly Dictionary<uint, uint> _lineSequence = [];

    public int Consumed { get; private set; }

    public void SetValue(uint offset, bool value)
    {
        lock (_values)
        {
            _values[offset] = value;
        }
    }

    /// <summary>Emits one edge as the kernel would report it; <paramref name="skip"/> simulates events lost to a full buffer.</summary>
    public void Edge(uint offset, GpioEdge edge, ulong timestampNs, uint skip = 0)
    {
        _lineSequence[offset] = _lineSequence.GetValueOrDefault(offset) + 1 + skip;
        _events.Writer.TryWrite(new PulseEdge(timestampNs, edge == GpioEdge.Falling, offset, _lineSequence[offset]));
    }

    public async ValueTask<PulseEdge> ReadEdgeAsync(CancellationToken cancellationToken)
    {
        var e = await _events.Reader.ReadAsync(cancellationToken);
        Consumed++;
        return e;
    }

    public bool IsHigh(uint line)
    {
        lock (_values)
        {
            return _values.GetValueOrDefault(line);
        }
    }

    public void Dispose() => _events.Writer.TryComplete();
}
