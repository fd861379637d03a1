namespace Dream.Mqtt;

/// <summary>TLS settings. Without a CA file the system trust store validates the server.</summary>
public sealed class MqttTlsOptions
{
    /// <summary>PEM file with the certificate authorities that may sign the server's certificate.</summary>
    public string? CaFile { get; set; }

    /// <summary>PEM file with the client certificate, for brokers that require one.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM file with the client certificate's private key (unencrypted PKCS#8, PKCS#1 or SEC1).</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>Name the server certificate must carry; defaults to the host name.</summary>
    public string? TargetHost { get; set; }
}
