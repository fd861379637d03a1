namespace Dream.Edge.Metering;

/// <summary>A meter the agent samples: its energy registers and instantaneous power, read together.</summary>
public interface IMeter : IAsyncDisposable
{
    /// <summary>The most power this meter can measure (its rating), when known: the default bound on how fast
    /// its registers may rise (<c>meters[].maxPowerW</c> overrides it).</summary>
    long? RatedMaxPowerW { get; }

    /// <summary>Reads the registers; throws <see cref="MeterReadException"/> for anything that is not a trustworthy value.</summary>
    Task<MeterSample> ReadAsync(CancellationToken cancellationToken);
}
