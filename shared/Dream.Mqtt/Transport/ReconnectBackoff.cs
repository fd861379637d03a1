namespace Dream.Mqtt.Transport;

/// <summary>
/// Exponential backoff with jitter, so that many clients do not return to a restarted broker in step. The one
/// reconnect policy: the client's reconnects use it, and so does whoever retries a first connection.
/// </summary>
public static class ReconnectBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan minimum, TimeSpan maximum)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var ceiling = Math.Min(maximum.Ticks, minimum.Ticks * Math.Pow(2, exponent));
#pragma warning disable CA5394 // Jitter needs spread, not secrecy.
        var jitter = 0.5 + (Random.Shared.NextDouble() * 0.5);
#pragma warning restore CA5394
        return TimeSpan.FromTicks((long)(ceiling * jitter));
    }
}
