using Dream.Edge.Metering;

namespace Dream.Edge.S0;

/// <summary>
/// An S0 pulse meter as an <see cref="IMeter"/>: the registers are the persisted pulse counts converted with
/// the meter constant (energy = pulses × 1000 / constant Wh, floored), the power is derived from the time
/// between the last two pulses (kernel timestamps), and decays while no pulse comes.
/// </summary>
public sealed class S0Meter : IMeter
{
    private readonly S0PulseCounter _counter;
    private readonly int _meterConstant;
    private readonly Func<ulong> _monotonicNowNs;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _counting;

    public S0Meter(S0PulseCounter counter, int meterConstant, Func<ulong> monotonicNowNs)
    {
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(meterConstant, 0);
        _counter = counter;
        _meterConstant = meterConstant;
        _monotonicNowNs = monotonicNowNs;
        _counting = Task.Run(() => counter.RunAsync(_stop.Token));
    }

    /// <summary>An S0 output's rating is not known to the agent: <c>meters[].maxPowerW</c> or 1 MW bounds it.</summary>
    public long? RatedMaxPowerW => null;

    public Task<MeterSample> ReadAsync(CancellationToken cancellationToken)
    {
        if (_counting.IsFaulted)
        {
            throw new MeterReadException($"The S0 pulse input failed: {_counting.Exception!.GetBaseException().Message}");
        }

        var (import, export) = _counter.Pulses;
        var power = 0L;
        if (_counter.LastPulses is { Previous: > 0 } last)
        {
            var between = last.Last - last.Previous;
            var since = _monotonicNowNs() - last.Last;
            // P = energy per pulse / time: (3.6e6 J / constant) / (ns / 1e9).
            var ns = Math.Max(between, since);
            var watts = ns == 0 ? 0 : (long)(3.6e15 / ((double)_meterConstant * ns));
            power = last.Exporting ? -watts : watts;
        }

        return Task.FromResult(new MeterSample(import * 1000 / _meterConstant, export * 1000 / _meterConstant, power));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _counting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
