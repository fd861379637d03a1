using Dream.Contracts;
using Dream.Edge.Clock;
using Dream.Edge.Configuration;
using Dream.Edge.Intervals;
using Dream.Edge.Metering;
using Dream.Edge.Outbox;
using Microsoft.Extensions.Logging;

namespace Dream.Edge.Service;

/// <summary>
/// Samples one meter at its period, aligned to the UTC clock, feeds the interval closer, and stores each
/// closed interval signed in the outbox. Wall time gives the sample times; monotonic time reveals steps
/// of the wall clock between ticks.
/// </summary>
internal sealed partial class MeterLoop
{
    /// <summary>A disagreement between wall and monotonic time larger than this is a clock jump.</summary>
    public const long ClockJumpToleranceMs = 2_000;

    /// <summary>Closed intervals held in memory while the outbox cannot be written; beyond it the oldest two merge.</summary>
    public const int MaxUnstoredIntervals = 96;

    private readonly MeterOptions _options;
    private readonly IMeter _meter;
    private readonly IIntervalSink _sink;
    private readonly TimeProvider _time;
    private readonly IClockSynchronization _clock;
    private readonly IntervalCloser _closer;
    private readonly MeterStatus _status;
    private readonly ILogger _log;
    private long? _previousWallMs;
    private long _previousTimestamp;
    private bool _lastFailed;

    /// <summary>Closed intervals not yet stored (the outbox could not be written), oldest first, with the baseline each started from.</summary>
    private readonly List<(ClosedInterval Interval, RegisterBaseline? StartBaseline)> _unstored = [];

    public MeterLoop(MeterOptions options, IMeter meter, IIntervalSink sink, TimeProvider time, IClockSynchronization clock, MeterStatus status, ILogger log)
    {
        _options = options;
        _meter = meter;
        _sink = sink;
        _time = time;
        _clock = clock;
        _status = status;
        _log = log;
        MaxPowerW = options.MaxPowerW ?? meter.RatedMaxPowerW ?? MeterOptions.DefaultMaxPowerW;
        _closer = new IntervalCloser(options.IntervalMilliseconds, options.SamplePeriodMilliseconds, sink.Baseline(options.Id), MaxPowerW);
    }

    public MeterOptions Options => _options;

    /// <summary>The plausibility bound in force: the configuration's, else the meter's rating, else 1 MW.</summary>
    public long MaxPowerW { get; }

    /// <summary>
    /// Ticks on a periodic timer (monotonic) started at a UTC-aligned moment: its schedule does not depend on how
    /// long a read takes or when the loop gets to wait again. When a tick lands far from its aligned time (the
    /// wall clock stepped, or the timer drifted), the tick's sample takes the wall time it was read at, and the
    /// timer is realigned unless it still falls on aligned moments (a step by whole sample periods).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var time = _time;
        var period = _options.SamplePeriodMilliseconds;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var offset = now - IntervalLength.AlignDown(now, period);
            if (offset != 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(period - offset), time, cancellationToken);
            }

            var expected = IntervalLength.AlignDown(time.GetUtcNow().ToUnixTimeMilliseconds() + (period / 2), period);
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(period), time);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                expected += period;
                var actual = time.GetUtcNow().ToUnixTimeMilliseconds();
                var drift = actual - expected;
                var sampleTime = Math.Abs(drift) < period / 2 ? expected : IntervalLength.AlignDown(actual, period);
                await TickAsync(sampleTime, actual, cancellationToken);
                var tolerance = Math.Min(1_000, period / 4);
                if (Math.Abs(drift) > tolerance)
                {
                    var phase = actual - IntervalLength.AlignDown(actual, period);
                    if (Math.Min(phase, period - phase) > tolerance)
                    {
                        break;
                    }

                    // The wall clock stepped by whole periods: the timer still falls on aligned moments, so it
                    // keeps running and the schedule follows the new wall time.
                    expected = IntervalLength.AlignDown(actual + (period / 2), period);
                }
            }
        }
    }

    /// <summary>One sample: the clock's conditions (a wall step against monotonic time since the previous tick,
    /// the kernel's synchronization state now), the read, the interval closer, the outbox, the status.</summary>
    internal async Task TickAsync(long sampleTimeMs, long wallNowMs, CancellationToken cancellationToken)
    {
        var time = _time;
        var conditions = ReadingQuality.None;
        var timestamp = time.GetTimestamp();
        if (_previousWallMs is { } previousWall)
        {
            var wall = wallNowMs - previousWall;
            var monotonic = (long)time.GetElapsedTime(_previousTimestamp, timestamp).TotalMilliseconds;
            if (Math.Abs(wall - monotonic) > ClockJumpToleranceMs)
            {
                conditions |= ReadingQuality.ClockJumped;
                LogClockJumped(_options.Id, wall - monotonic);
            }
        }

        _previousWallMs = wallNowMs;
        _previousTimestamp = timestamp;
        var clock = _clock.Query();
        if (!clock.IsSynchronized)
        {
            conditions |= ReadingQuality.ClockNotSynchronized;
        }

        MeterSample? sample = null;
        string? error = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(1_000, _options.SamplePeriodMilliseconds * 8 / 10)));
            sample = await _meter.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = "the meter did not answer within the sample period";
        }
        catch (Exception e) when (MeterReadException.IsReadFailure(e))
        {
            error = e.Message;
        }

        var baselineBefore = _closer.Baseline;
        var closed = _closer.Tick(sampleTimeMs, sample, conditions);
        if (sample is not null && _closer.LastRejection is string rejection)
        {
            // Read, but not believed (a momentary 0, garbage, below what was signed): it counts as a failed read.
            sample = null;
            error = "rejected as implausible: " + rejection;
        }
        if (baselineBefore is null && _closer.Baseline is { } first)
        {
            // A failure to keep it is reported by the sink: the first reading stores its meter's baseline with it anyway.
            _sink.FirstBaseline(_options.Id, first);
            LogFirstBaseline(_options.Id, first.ImportWh, first.ExportWh);
        }

        if (closed is not null)
        {
            _unstored.Add((closed, baselineBefore));
            if (_unstored.Count > MaxUnstoredIntervals)
            {
                MergeOldest();
            }
        }

        var (stored, storedInterval) = StoreUnstored();

        _sink.Report(_status, _ =>
        {
            _status.LastTickTimestamp = timestamp;
            if (sample is { } s)
            {
                _status.Samples++;
                _status.LastSampleAtMs = sampleTimeMs;
                _status.LastPowerW = s.PowerW;
                _status.LastImportWh = s.ImportWh;
                _status.LastExportWh = s.ExportWh;
            }
            else
            {
                _status.Errors++;
                _status.LastError = error ?? "the meter gave no value";
                _status.LastErrorAtMs = wallNowMs;
            }

            if (stored is not null)
            {
                _status.LastIntervalEndMs = stored.EndMs;
                _status.LastSequence = stored.Sequence;
                _status.LastFlags = (int)storedInterval!.Flags;
            }

            _status.UnstoredIntervals = _unstored.Count;
        });

        if (sample is null && !_lastFailed)
        {
            LogReadFailed(_options.Id, error ?? "the meter gave no value");
        }
        else if (sample is not null && _lastFailed)
        {
            LogReadRecovered(_options.Id);
        }

        _lastFailed = sample is null;
        if (sample is { } live)
        {
            _sink.Sampled(_options.Id, sampleTimeMs, live);
        }

        _sink.Ticked(_options.Id, sampleTimeMs, stored);
    }

    /// <summary>
    /// Stores the held intervals, oldest first, until the outbox refuses. Returns the last one stored. A full
    /// outbox (its own bound) drops the oldest held interval into the next (or into the closer's next one): the
    /// registers carry its energy, the merged reading is flagged estimated. A write failure (a full disk) keeps
    /// them all for the next tick.
    /// </summary>
    private (StoredReading? Stored, ClosedInterval? Interval) StoreUnstored()
    {
        StoredReading? stored = null;
        ClosedInterval? interval = null;
        while (_unstored.Count > 0)
        {
            try
            {
                interval = _unstored[0].Interval;
                stored = _sink.Accept(_options, interval);
                _unstored.RemoveAt(0);
            }
            catch (OutboxFullException)
            {
                MergeOldest();
            }
            catch (OutboxWriteException)
            {
                break;
            }
        }

        return stored is null ? (null, null) : (stored, interval);
    }

    /// <summary>The oldest held interval becomes part of the next one: its delta is added, nothing is invented.</summary>
    private void MergeOldest()
    {
        var (oldest, startBaseline) = _unstored[0];
        _unstored.RemoveAt(0);
        if (_unstored.Count == 0)
        {
            _closer.Rollback(startBaseline);
            return;
        }

        var next = _unstored[0].Interval;
        _unstored[0] = (next with
        {
            DeltaImportWh = checked(next.DeltaImportWh + oldest.DeltaImportWh),
            DeltaExportWh = checked(next.DeltaExportWh + oldest.DeltaExportWh),
            Flags = next.Flags | ReadingQuality.Estimated,
        }, startBaseline);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meter {Meter}: the wall clock moved {Difference} ms against monotonic time")]
    private partial void LogClockJumped(string meter, long difference);

    [LoggerMessage(Level = LogLevel.Information, Message = "Meter {Meter}: first boundary, registers import {Import} Wh export {Export} Wh; readings start from here")]
    private partial void LogFirstBaseline(string meter, long import, long export);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meter {Meter}: read failed: {Error}")]
    private partial void LogReadFailed(string meter, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Meter {Meter}: reads again")]
    private partial void LogReadRecovered(string meter);
}
