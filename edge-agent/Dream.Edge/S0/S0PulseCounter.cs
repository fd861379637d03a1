using Dream.Edge.Outbox;

namespace Dream.Edge.S0;

/// <summary>
/// Counts S0 pulses from kernel edge events (each falling edge of the pulse line is one pulse: the meter's
/// open collector pulls the line low) and persists every count before acknowledging it, so a restart loses
/// no pulse that was counted. With a direction line, a pulse counts as export while that line is high.
/// Gaps in the kernel's per-line sequence numbers (its event buffer overflowed) are counted as lost events.
/// </summary>
public sealed class S0PulseCounter
{
    public const string Import = "import";
    public const string Export = "export";

    private readonly IPulseSource _source;
    private readonly OutboxStore _store;
    private readonly string _meterId;
    private readonly uint _pulseLine;
    private readonly uint? _directionLine;
    private readonly Lock _lock = new();
    private long _import;
    private long _export;
    private uint? _lastLineSequence;

    public S0PulseCounter(IPulseSource source, OutboxStore store, string meterId, uint pulseLine, uint? directionLine)
    {
        ArgumentNullException.ThrowIfNull(store);
        _source = source;
        _store = store;
        _meterId = meterId;
        _pulseLine = pulseLine;
        _directionLine = directionLine;
        _import = store.GetPulseCount(meterId, Import);
        _export = store.GetPulseCount(meterId, Export);
    }

    public (long Import, long Export) Pulses
    {
        get
        {
            lock (_lock)
            {
                return (_import, _export);
            }
        }
    }

    /// <summary>Kernel timestamps (CLOCK_MONOTONIC ns) of the last two pulses and the direction of the last.</summary>
    public (ulong Previous, ulong Last, bool Exporting)? LastPulses { get; private set; }

    /// <summary>Events the kernel dropped (sequence gaps); the interval should be flagged.</summary>
    public long LostEvents { get; private set; }

    /// <summary>Counts pulses until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var e = await _source.ReadEdgeAsync(cancellationToken);
            Count(e);
        }
    }

    /// <summary>Pulses counted while the outbox could not be written.</summary>
    public long UnsavedPulses { get; private set; }

    internal void Count(PulseEdge e)
    {
        if (e.Line != _pulseLine || !e.Falling)
        {
            return;
        }

        if (_lastLineSequence is { } last && e.LineSequence != last + 1)
        {
            LostEvents += Math.Max(0, (long)e.LineSequence - last - 1);
        }

        _lastLineSequence = e.LineSequence;
        var exporting = _directionLine is { } direction && _source.IsHigh(direction);
        lock (_lock)
        {
            // Persisted before counted, so a crash never counts a pulse twice. On a full disk the pulse is counted
            // in memory only; the next write that works stores the count (a crash meanwhile loses pulses, never adds).
            try
            {
                _store.SetPulseCount(_meterId, exporting ? Export : Import, (exporting ? _export : _import) + 1);
            }
            catch (OutboxWriteException)
            {
                UnsavedPulses++;
            }

            if (exporting)
            {
                _export++;
            }
            else
            {
                _import++;
            }
        }

        LastPulses = (LastPulses?.Last ?? 0, e.TimestampNs, exporting);
    }
}
