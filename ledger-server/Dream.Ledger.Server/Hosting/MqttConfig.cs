namespace Dream.Ledger.Server.Hosting;

/// <summary>How the ledger reaches the broker.</summary>
public sealed class MqttConfig
{
    /// <summary>How logs, metrics and <c>/readyz</c> name this broker; null: host:port.</summary>
    public string? Name { get; set; }

    public string Label() => Name ?? $"{Host}:{Port}";

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 1883;

    /// <summary>Stable, so the broker keeps the ledger's session (and queued readings) across restarts.</summary>
    public string ClientId { get; set; } = "dream-ledger";

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>A file holding the password (e.g. a systemd credential), read when <see cref="Password"/> is null.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>
    /// How long the broker keeps the ledger's session (its subscription and the readings queued for it) while the
    /// ledger is away. The broker's own limits (max_queued_messages, max_queued_bytes) bound that queue.
    /// </summary>
    public uint SessionExpirySeconds { get; set; } = 7 * 24 * 3600;

    /// <summary>Readings the broker may send before the ledger acknowledges them (MQTT 5 Receive Maximum).</summary>
    public ushort ReceiveMaximum { get; set; } = 1000;

    /// <summary>Acknowledged readings buffered in the ledger before it stops reading the socket (backpressure to the broker).</summary>
    public int MessageBufferCapacity { get; set; } = 1_000;

    public bool Tls { get; set; }

    public string? CaFile { get; set; }

    public string? ClientCertificateFile { get; set; }

    public string? ClientKeyFile { get; set; }
}
