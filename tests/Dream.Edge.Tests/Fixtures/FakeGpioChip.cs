using System.Threading.Channels;
using Dream.Gpio;

namespace Dream.Edge.Tests.Fixtures;

/// <summary>A GPIO chip with no hardware behind it: the test emits edge events and sets line values.</summary>
public sealed class FakeGpioChip : IGpioEdgeEventSource
{
    private readonly Channel<GpioEdgeEvent> _events = Channel.CreateUnbounded<GpioEdgeEvent>();
    private readonly Dictionary<uint, bool> _values = [];
    private uint _sequence;
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
        _sequence += 1 + skip;
        _lineSequence[offset] = _lineSequence.GetValueOrDefault(offset) + 1 + skip;
        _events.Writer.TryWrite(new GpioEdgeEvent(timestampNs, edge, offset, _sequence, _lineSequence[offset]));
    }

    public async ValueTask<GpioEdgeEvent> ReadEventAsync(CancellationToken cancellationToken)
    {
        var e = await _events.Reader.ReadAsync(cancellationToken);
        Consumed++;
        return e;
    }

    public bool GetValue(uint offset)
    {
        lock (_values)
        {
            return _values.GetValueOrDefault(offset);
        }
    }

    public void Dispose() => _events.Writer.TryComplete();
}
