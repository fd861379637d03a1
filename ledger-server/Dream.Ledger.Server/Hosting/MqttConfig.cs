namespace Dream.Ledger.Server.Hosting;

/// <summary>How the ledger reaches the broker.</summary>
public sealed class MqttConfig
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 1883;

    /// <summary>Stable, so the broker keeps the ledger's session (and queued readings) across restarts.</summary>
    public string ClientId { get; set; } = "dream-ledger";

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>A file holding the password (e.g. a systemd credential), read when <see cref="Password"/> is null.</summary>
    public string? PasswordFile { get; set; }

    public bool Tls { get; set; }

    public string? CaFile { get; set; }

    public string? ClientCertificateFile { get; set; }

    public string? ClientKeyFile { get; set; }
}
