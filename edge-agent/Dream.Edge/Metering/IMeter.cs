namespace Dream.Edge.Metering;

/// <summary>A meter the agent samples: its energy registers and instantaneous power, read together.</summary>
public interface IMeter : IAsyncDisposable
{
    /// <summary>Reads the registers; throws <see cref="MeterReadException"/> for anything that is not a trustworthy value.</summary>
    Task<MeterSample> ReadAsync(CancellationToken cancellationToken);
}
