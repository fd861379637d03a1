using Dream.Contracts;
using Dream.Edge.Metering;

namespace Dream.Edge.Intervals;

/// <summary>
/// Turns one meter's samples into closed intervals aligned to UTC boundaries. Sans-I/O: the sampling loop
/// hands it each tick's time and outcome. The energy of an interval is the difference of the meter's own
/// registers at its boundaries, never integrated power. Anything doubtful is flagged, never hidden:
/// a failed read, a missing sample, an unsynchronized or jumping clock, a register going backwards, a
/// boundary value taken late (estimated), time the agent was not running. A value that cannot be right
/// (a register rising faster than <c>maxPowerW</c> allows, or a single backwards read) is rejected as a
/// communication error and never becomes a signed number.
/// </summary>
public sealed class IntervalCloser
{
    /// <summary>Consecutive reads that must agree before a lower register is believed (meter reset or swap).</summary>
    public const int BackwardsConfirmations = 3;

    private readonly long _intervalMs;
    private readonly long _periodMs;
    private readonly long _maxPowerW;

    private RegisterBaseline? _baseline;
    private bool _started;
    private long _start;
    private int _samples;
    private long _min;
    private long _max;
    private long _sum;
    private ReadingQuality _flags;
    private MeterSample? _lastGood;
    private long _lastGoodMs;
    private MeterSample? _backwardsCandidate;
    private int _backwardsCount;

    public IntervalCloser(long intervalMs, long samplePeriodMs, RegisterBaseline? baseline, long maxPowerW = 1_000_000)
    {
        if (!IntervalLength.IsAllowed(intervalMs))
        {
            throw new ArgumentOutOfRangeException(nameof(intervalMs), intervalMs, "The interval must be 1, 5, 15 or 60 minutes.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(samplePeriodMs, 0);
        if (intervalMs % samplePeriodMs != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(samplePeriodMs), samplePeriodMs, "The sample period must divide the interval.");
        }

        _intervalMs = intervalMs;
        _periodMs = samplePeriodMs;
        _maxPowerW = maxPowerW;
        _baseline = baseline;
    }

    public RegisterBaseline? Baseline => _baseline;

    public long CurrentStartMs => _start;

    public long CurrentEndMs => _start + _intervalMs;

    public ReadingQuality CurrentFlags => _flags;

    public int CurrentSamples => _samples;

    /// <summary>The expected number of samples in a full interval.</summary>
    public int ExpectedSamples => (int)(_intervalMs / _periodMs);

    /// <summary>
    /// Records a tick at <paramref name="timeMs"/> (Unix ms, the sample's time) with its sample, or null
    /// when the read failed. <paramref name="conditions"/> are flags that hold at this tick (clock not
    /// synchronized, clock jumped). Returns the interval this tick closed, if any.
    /// </summary>
    public ClosedInterval? Tick(long timeMs, MeterSample? sample, ReadingQuality conditions = ReadingQuality.None)
    {
        if (sample is { } s && !IsPlausible(s, timeMs))
        {
            sample = null;
        }

        if (!_started)
        {
            Start(IntervalLength.AlignDown(timeMs, _intervalMs), timeMs);
        }

        ClosedInterval? closed = null;
        if (timeMs >= CurrentEndMs)
        {
            closed = Close(timeMs, sample);
            var next = IntervalLength.AlignDown(timeMs, _intervalMs);
            var gap = next != closed?.EndMs && closed is not null;
            Start(next, timeMs);
            if (gap)
            {
                _flags |= ReadingQuality.PowerOutage;
            }
        }
        else if (timeMs < _start)
        {
            // The wall clock went back before this interval began: keep the interval, but distrust it.
            _flags |= ReadingQuality.ClockJumped;
        }

        _flags |= conditions;
        if (sample is { } good)
        {
            _samples++;
            _sum += good.PowerW;
            _min = _samples == 1 ? good.PowerW : Math.Min(_min, good.PowerW);
            _max = _samples == 1 ? good.PowerW : Math.Max(_max, good.PowerW);
            _lastGood = good;
            _lastGoodMs = timeMs;
        }
        else
        {
            _flags |= ReadingQuality.CommunicationError;
        }

        return closed;
    }

    /// <summary>
    /// The closed interval could not be stored (outbox full): the next stored reading's delta must start
    /// from the older baseline again, so no energy goes missing; it is flagged as estimated.
    /// </summary>
    public void Rollback(RegisterBaseline? previous)
    {
        _baseline = previous;
        _flags |= ReadingQuality.Estimated;
    }

    private void Start(long startMs, long timeMs)
    {
        _started = true;
        _start = startMs;
        _samples = 0;
        _sum = 0;
        _min = 0;
        _max = 0;
        _flags = ReadingQuality.None;
        if (timeMs - startMs >= _periodMs)
        {
            // Started (or resumed) after the interval began: the agent was not sampling for part of it.
            _flags |= ReadingQuality.PowerOutage;
        }
    }

    private ClosedInterval? Close(long timeMs, MeterSample? boundarySample)
    {
        var end = CurrentEndMs;
        var flags = _flags;
        MeterSample registers;
        if (boundarySample is { } atBoundary)
        {
            registers = atBoundary;
            if (timeMs - end >= _periodMs)
            {
                flags |= ReadingQuality.Estimated;
            }
        }
        else if (_lastGood is { } last && _lastGoodMs >= (_baseline?.EndMs ?? long.MinValue))
        {
            registers = last;
            flags |= ReadingQuality.Estimated | ReadingQuality.CommunicationError;
        }
        else
        {
            // Nothing read since the last boundary: carry the old registers, so the next delta covers it all.
            if (_baseline is null)
            {
                return null;
            }

            registers = new MeterSample(_baseline.ImportWh, _baseline.ExportWh, 0);
            flags |= ReadingQuality.Estimated | ReadingQuality.CommunicationError;
        }

        if (_samples < ExpectedSamples)
        {
            flags |= ReadingQuality.SamplesMissing;
        }

        if (_baseline is null)
        {
            // The first boundary the agent ever sees only establishes where deltas start.
            _baseline = new RegisterBaseline(registers.ImportWh, registers.ExportWh, end);
            return null;
        }

        var deltaImport = registers.ImportWh - _baseline.ImportWh;
        var deltaExport = registers.ExportWh - _baseline.ExportWh;
        if (deltaImport < 0 || deltaExport < 0)
        {
            flags |= ReadingQuality.RegisterWentBackwards;
            deltaImport = Math.Max(0, deltaImport);
            deltaExport = Math.Max(0, deltaExport);
        }

        _baseline = new RegisterBaseline(registers.ImportWh, registers.ExportWh, end);
        var avg = _samples == 0 ? 0 : _sum / _samples;
        return new ClosedInterval(_start, end, registers.ImportWh, registers.ExportWh, deltaImport, deltaExport,
            _min, avg, _max, _samples, flags);
    }

    private bool IsPlausible(MeterSample sample, long timeMs)
    {
        var reference = _lastGood is { } last
            ? (last.ImportWh, last.ExportWh, _lastGoodMs)
            : _baseline is { } b ? (b.ImportWh, b.ExportWh, b.EndMs) : ((long, long, long)?)null;
        if (reference is not { } r)
        {
            return true;
        }

        // Energy cannot rise faster than the meter's maximum power allows (plus a sample period of slack).
        var hours = (Math.Max(0, timeMs - r.Item3) + _periodMs) / 3_600_000.0;
        var limit = _maxPowerW * hours + 1;
        if (sample.ImportWh - r.Item1 > limit || sample.ExportWh - r.Item2 > limit)
        {
            return false;
        }

        if (sample.ImportWh < r.Item1 || sample.ExportWh < r.Item2)
        {
            // One low read is garbage; the same low value several times in a row is a reset meter.
            if (_backwardsCandidate is { } c && c.ImportWh == sample.ImportWh && c.ExportWh == sample.ExportWh)
            {
                _backwardsCount++;
            }
            else
            {
                _backwardsCandidate = sample;
                _backwardsCount = 1;
            }

            if (_backwardsCount < BackwardsConfirmations)
            {
                return false;
            }

            _lastGood = null;
            _flags |= ReadingQuality.RegisterWentBackwards;
        }

        _backwardsCandidate = null;
        _backwardsCount = 0;
        return true;
    }
}
