namespace Dream.Ledger.Server.Hosting;

/// <summary>A connection attempt to the broker: when it was scheduled (a timestamp of the watchdog's clock) and how long it waits before connecting.</summary>
internal sealed record MqttConnectAttempt(long At, TimeSpan Delay);
