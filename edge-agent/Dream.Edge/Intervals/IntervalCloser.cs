using Dream.Contracts;
using Dream.Edge.Metering;

namespace Dream.Edge.Intervals;

/// <summary>
/// Turns one meter's samples into closed intervals aligned to UTC boundaries. Sans-I/O: the sampling loop
/// hands it each tick's time and outcome. The energy of an interval is the difference of the meter's own
/// registers at its boundaries, never integrated power. Anything doubtful is flagged, never hidden:
/// a failed read, a missing sample, an unsynchronized or jumping clock, a register going backwards, a
/// boundary value taken late (estimated), time the agent was not running. A value that cannot be right
/// is rejected as a communication error and never becomes a signed number: a register below the last one
/// signed (a momentary 0, a reset or swapped meter), a register rising faster than <c>maxPowerW</c> allows, a
/// power beyond it, a single read below the one before, and, before anything is known, a first read that the
/// next one does not confirm.
/// </summary>
public sealed class IntervalCloser
{
    /// <summary>Consecutive reads that must agree before a register lower than an earlier read (but not lower
    /// than the last one signed) is believed, and after which registers below the last signed ones are
    /// reported as a reset or swapped meter (<see cref="ReadingQuality.RegisterWentBackwards"/>).</summary>
    public const int BackwardsConfirmations = 3;

    /// <summary>Margin over the rated power, in tenths: a meter at its maximum current on a grid 10 % above the
    /// nominal voltage measures 1.1 x its rating.</summary>
    private const long MarginTenths = 11;

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
    private int _belowSignedCount;
    private (MeterSample Sample, long TimeMs)? _unconfirmed;

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

    /// <summary>Why the last rejected sample was rejected, for the status; null after an accepted one.</summary>
    public string? LastRejection { get; private set; }

    public long CurrentStartMs => _start;

    public long CurrentEndMs => _start + _intervalMs;

    public ReadingQuality CurrentFlags => _flags;

    public int CurrentSamples => _samples;

    /// <summary>The expected number of samples in a full interval.</summary>
    public int ExpectedSamples => (int)(_intervalMs / _periodMs);

    /// <summary>
    /// Records a tick at <paramref name="timeMs"/> (Unix ms, the sample's time) with its sample, or null
    /// when the read failed. <paramref name="conditions"/> are flags that hold at this tick (clock not
    /// synchronized, clock jumped); they mark the interval this tick falls in and, when the tick closes an
    /// interval, that one too: its end register is this tick's sample. Returns the interval this tick closed, if any.
    /// </summary>
    public ClosedInterval? Tick(long timeMs, MeterSample? sample, ReadingQuality conditions = ReadingQuality.None)
    {
        if (sample is { } s)
        {
            var rejection = Rejection(s, timeMs);
            LastRejection = rejection;
            if (rejection is not null)
            {
                sample = null;
            }
        }

        if (!_started)
        {
            Start(IntervalLength.AlignDown(timeMs, _intervalMs), timeMs);
        }

        ClosedInterval? closed = null;
        if (timeMs >= CurrentEndMs)
        {
            closed = Close(timeMs, sample, conditions);
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

    private ClosedInterval? Close(long timeMs, MeterSample? boundarySample, ReadingQuality conditions)
    {
        var end = CurrentEndMs;
        var flags = _flags | conditions;
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

        if (registers.ImportWh < _baseline.ImportWh || registers.ExportWh < _baseline.ExportWh)
        {
            // Never reached (samples below the baseline are rejected), but a register below the last signed
            // one is never signed: carry the baseline instead.
            registers = new MeterSample(_baseline.ImportWh, _baseline.ExportWh, registers.PowerW);
            flags |= ReadingQuality.RegisterWentBackwards | ReadingQuality.Estimated;
        }

        var deltaImport = registers.ImportWh - _baseline.ImportWh;
        var deltaExport = registers.ExportWh - _baseline.ExportWh;
        _baseline = new RegisterBaseline(registers.ImportWh, registers.ExportWh, end);
        var avg = _samples == 0 ? 0 : _sum / _samples;
        return new ClosedInterval(_start, end, registers.ImportWh, registers.ExportWh, deltaImport, deltaExport,
            _min, avg, _max, _samples, flags);
    }

    /// <summary>Why <paramref name="sample"/> cannot be right, or null when it is believed.</summary>
    private string? Rejection(MeterSample sample, long timeMs)
    {
        var bound = _maxPowerW * MarginTenths / 10;
        if (sample.PowerW > bound || sample.PowerW < -bound)
        {
            return $"power {sample.PowerW} W is beyond what the meter can measure ({_maxPowerW} W)";
        }

        if (_baseline is { } signed && (sample.ImportWh < signed.ImportWh || sample.ExportWh < signed.ExportWh))
        {
            // Below what was signed: a momentary 0 or garbage, or (when it persists) a reset or swapped meter.
            // Either way it is never signed; a persisting one is reported on the interval.
            if (++_belowSignedCount >= BackwardsConfirmations)
            {
                _flags |= ReadingQuality.RegisterWentBackwards;
            }

            return $"registers {sample.ImportWh}/{sample.ExportWh} Wh are below the last signed {signed.ImportWh}/{signed.ExportWh} Wh"
                + (_belowSignedCount >= BackwardsConfirmations ? " (meter reset or replaced? pair it again)" : string.Empty);
        }

        _belowSignedCount = 0;
        (MeterSample Sample, long TimeMs)? reference = _lastGood is { } last
            ? (last, _lastGoodMs)
            : _baseline is { } b ? (new MeterSample(b.ImportWh, b.ExportWh, 0), b.EndMs) : null;
        if (reference is null)
        {
            // Nothing known yet: a first read is believed only when the next one agrees with it (not lower,
            // not rising too fast), so a single 0 or garbage value never becomes the first baseline.
            var previous = _unconfirmed;
            _unconfirmed = (sample, timeMs);
            if (previous is not { } p || !Confirms(p.Sample, p.TimeMs, sample, timeMs))
            {
                return "a first read waits for the next one to confirm it";
            }

            _unconfirmed = null;
            return null;
        }

        var r = reference.Value;
        if (RisesTooFast(r.Sample, r.TimeMs, sample, timeMs))
        {
            return $"registers {sample.ImportWh}/{sample.ExportWh} Wh rose from {r.Sample.ImportWh}/{r.Sample.ExportWh} Wh faster than {_maxPowerW} W allows";
        }

        if (sample.ImportWh < r.Sample.ImportWh || sample.ExportWh < r.Sample.ExportWh)
        {
            // One low read is garbage; the same low value several times in a row means the earlier read was.
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
                return $"registers {sample.ImportWh}/{sample.ExportWh} Wh are below the previous read {r.Sample.ImportWh}/{r.Sample.ExportWh} Wh";
            }

            _lastGood = null;
            _flags |= ReadingQuality.RegisterWentBackwards;
        }

        _backwardsCandidate = null;
        _backwardsCount = 0;
        return null;
    }

    /// <summary>A later read confirms an earlier one when it is not lower and has not risen too fast.</summary>
    private bool Confirms(MeterSample earlier, long earlierMs, MeterSample later, long laterMs) =>
        later.ImportWh >= earlier.ImportWh && later.ExportWh >= earlier.ExportWh && !RisesTooFast(earlier, earlierMs, later, laterMs);

    /// <summary>Energy cannot rise faster than the meter's maximum power (with the margin) allows over the time
    /// since the reference, plus a sample period of slack; integer arithmetic, rounded up.</summary>
    private bool RisesTooFast(MeterSample reference, long referenceMs, MeterSample sample, long timeMs)
    {
        var elapsedMs = (Int128)Math.Max(0, timeMs - referenceMs) + _periodMs;
        var limit = ((_maxPowerW * elapsedMs * MarginTenths) + (10 * 3_600_000) - 1) / (10 * 3_600_000) + 1;
        return sample.ImportWh - reference.ImportWh > limit || sample.ExportWh - reference.ExportWh > limit;
    }
}
