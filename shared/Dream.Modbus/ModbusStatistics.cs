namespace Dream.Modbus;

/// <summary>Counters of one bus, for diagnostics and benchmarks.</summary>
public sealed class ModbusStatistics
{
    private long _requests;
    private long _retries;
    private long _timeouts;
    private long _bytesSent;
    private long _bytesReceived;

    public long Requests => Interlocked.Read(ref _requests);

    public long Retries => Interlocked.Read(ref _retries);

    public long Timeouts => Interlocked.Read(ref _timeouts);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    internal void AddRequest() => Interlocked.Increment(ref _requests);

    internal void AddRetry() => Interlocked.Increment(ref _retries);

    internal void AddTimeout() => Interlocked.Increment(ref _timeouts);

    internal void AddSent(int bytes) => Interlocked.Add(ref _bytesSent, bytes);

    internal void AddReceived(int bytes) => Interlocked.Add(ref _bytesReceived, bytes);
}
