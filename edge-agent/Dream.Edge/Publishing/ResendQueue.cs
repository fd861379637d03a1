using Dream.Contracts;

namespace Dream.Edge.Publishing;

/// <summary>Sequence ranges waiting to be sent again, oldest request first; thread-safe (receipts feed it, the publish loop drains it).</summary>
internal sealed class ResendQueue
{
    private readonly Lock _lock = new();
    private readonly LinkedList<SequenceRange> _ranges = [];

    public bool IsEmpty
    {
        get
        {
            lock (_lock)
            {
                return _ranges.Count == 0;
            }
        }
    }

    /// <summary>How many sequence numbers the queued ranges span.</summary>
    public long Span
    {
        get
        {
            lock (_lock)
            {
                return _ranges.Sum(r => r.Count);
            }
        }
    }

    public void Add(SequenceRange range)
    {
        if (range.From > range.To)
        {
            return;
        }

        lock (_lock)
        {
            _ranges.AddLast(range);
        }
    }

    public void AddFirst(SequenceRange range)
    {
        lock (_lock)
        {
            _ranges.AddFirst(range);
        }
    }

    public bool TryPeek(out SequenceRange range)
    {
        lock (_lock)
        {
            range = _ranges.First?.Value ?? default;
            return _ranges.Count > 0;
        }
    }

    /// <summary>The first range is done up to <paramref name="nextFrom"/> - 1.</summary>
    public void Advance(long nextFrom)
    {
        lock (_lock)
        {
            if (_ranges.First is not { } first)
            {
                return;
            }

            if (nextFrom > first.Value.To)
            {
                _ranges.RemoveFirst();
            }
            else
            {
                first.Value = first.Value with { From = Math.Max(first.Value.From, nextFrom) };
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _ranges.Clear();
        }
    }
}
