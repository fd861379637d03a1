namespace Dream.Edge.Configuration;

/// <summary>PEM files for a TLS connection to the broker.</summary>
public sealed record TlsFileOptions
{
    public string? CaFile { get; init; }

    public string? CertFile { get; init; }

    public string? KeyFile { get; init; }
}
