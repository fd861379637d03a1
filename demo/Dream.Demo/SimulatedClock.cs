using System.Globalization;

namespace Dream.Demo;

/// <summary>
/// The one clock every process of the demo shares: simulated(now) = epoch + (now − epoch) × speed, the
/// definition of the agent's <c>testing.clockEpochMs</c>/<c>clockSpeed</c> and of the ledger's <c>clock</c>.
/// </summary>
internal sealed class SimulatedClock
{
    private SimulatedClock(DateTimeOffset epoch, double speed)
    {
        Epoch = epoch;
        Speed = speed;
    }

    public DateTimeOffset Epoch { get; }

    public double Speed { get; }

    public long EpochMs => Epoch.ToUnixTimeMilliseconds();

    /// <summary>A clock that reads <paramref name="simulatedNow"/> at real time <paramref name="realNow"/>.</summary>
    public static SimulatedClock Starting(DateTimeOffset simulatedNow, double speed, DateTimeOffset realNow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(speed, 1.0);
        // simulatedNow = E + (realNow − E)·s  ⇒  E = realNow + (realNow − simulatedNow) / (s − 1)
        var epoch = realNow + ((realNow - simulatedNow) / (speed - 1));
        return new SimulatedClock(DateTimeOffset.FromUnixTimeMilliseconds(epoch.ToUnixTimeMilliseconds()), speed);
    }

    public DateTimeOffset At(DateTimeOffset real) => Epoch + ((real - Epoch) * Speed);

    public DateTimeOffset Now => At(DateTimeOffset.UtcNow);

    /// <summary>The real time at which the simulated clock reads <paramref name="simulated"/>.</summary>
    public DateTimeOffset RealAt(DateTimeOffset simulated) => Epoch + ((simulated - Epoch) / Speed);

    /// <summary>Waits until the simulated clock reads <paramref name="simulated"/>.</summary>
    public async Task WaitUntilAsync(DateTimeOffset simulated, CancellationToken cancellationToken)
    {
        var delay = RealAt(simulated) - DateTimeOffset.UtcNow;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }
    }

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);
}
