namespace Dream.Edge.Configuration;

/// <summary>One meter the agent reads.</summary>
public sealed record MeterOptions
{
    /// <summary>A short name, unique in the config, used in logs, status and the outbox.</summary>
    public required string Id { get; init; }

    /// <summary>Where the meter is: <c>tcp://host:port</c>, <c>rtu:///dev/ttyUSB0?baud=9600&amp;parity=N</c>, <c>rtutcp://host:port</c> or <c>s0://gpiochip0/17</c>.</summary>
    public required Uri Uri { get; init; }

    /// <summary>The meter profile id (e.g. <c>eastron-sdm630</c>); <c>s0</c> for a pulse meter.</summary>
    public required string Profile { get; init; }

    /// <summary>The Modbus unit id (1-247); ignored for S0.</summary>
    public byte Unit { get; init; } = 1;

    public int SamplePeriodSeconds { get; init; } = 10;

    public int IntervalMinutes { get; init; } = 15;

    /// <summary>The product passport id readings name (64 hex digits), from <c>dream-agent pair</c>.</summary>
    public required string PassportId { get; init; }

    /// <summary>The bound for meters whose rating is unknown (S0): 1 MW.</summary>
    public const long DefaultMaxPowerW = 1_000_000;

    /// <summary>Register increases faster than this power (and power reads beyond it), with a 10 % margin, are
    /// rejected as garbage, never signed. Null: the meter's rating (its profile's maxCurrentA x nominalVoltageV
    /// x phases), or <see cref="DefaultMaxPowerW"/> when the meter has none.</summary>
    public long? MaxPowerW { get; init; }

    /// <summary>S0 only: pulses per kWh printed on the meter.</summary>
    public int MeterConstant { get; init; }

    /// <summary>S0 only: kernel debounce period in microseconds.</summary>
    public int DebounceMicroseconds { get; init; } = 5_000;

    /// <summary>S0 only: an optional GPIO line that is high while energy is exported.</summary>
    public int? DirectionLine { get; init; }

    public long IntervalMilliseconds => IntervalMinutes * 60_000L;

    public long SamplePeriodMilliseconds => SamplePeriodSeconds * 1_000L;
}
