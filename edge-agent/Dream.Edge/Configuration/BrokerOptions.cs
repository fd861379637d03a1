namespace Dream.Edge.Configuration;

/// <summary>The MQTT broker the agent streams to.</summary>
public sealed record BrokerOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 1883;

    public TlsFileOptions? Tls { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Resend everything not yet receipted when no receipt arrives for this long.</summary>
    public int ReceiptTimeoutSeconds { get; init; } = 300;
}
