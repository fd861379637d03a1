namespace Dream.Mqtt;

public sealed class MqttClientOptions
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 1883;

    /// <summary>Empty asks the server to assign one (then a resumed session is impossible).</summary>
    public string ClientId { get; set; } = string.Empty;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Applies to the first connection only; reconnects always ask to resume the session.</summary>
    public bool CleanStart { get; set; } = true;

    /// <summary>Seconds the server keeps the session after the connection ends; 0 ends it with the connection.</summary>
    public uint SessionExpiryInterval { get; set; }

    /// <summary>Requested keep alive; the server may impose another one, which wins. Zero disables it.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    public MqttMessage? Will { get; set; }

    /// <summary>How many QoS 1 and 2 messages the server may send us before we acknowledge them.</summary>
    public ushort ReceiveMaximum { get; set; } = 100;

    /// <summary>Largest packet we accept; the server is told and larger incoming packets are a protocol error.</summary>
    public int MaximumPacketSize { get; set; } = 1024 * 1024;

    /// <summary>Capacity of <see cref="MqttClient.Messages"/>; when it is full the client stops reading the socket.</summary>
    public int MessageBufferCapacity { get; set; } = 1000;

    public MqttTlsOptions? Tls { get; set; }

    /// <summary>Reconnect after the connection is lost (not after <see cref="MqttClient.DisconnectAsync"/>).</summary>
    public bool AutoReconnect { get; set; } = true;

    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for TCP, TLS and CONNACK together.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Clock for keep alive, timeouts and backoff; tests inject a manual one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
