using Dream.Contracts.Broker;

namespace Dream.Testing;

/// <summary>What a <see cref="MosquittoProcess"/> enforces beyond a plain anonymous loopback listener.</summary>
public sealed record MosquittoOptions
{
    /// <summary>The ACL file's text; with <see cref="PasswordFile"/>, anonymous access is off. Null: anonymous, no ACL.</summary>
    public string? Acl { get; init; }

    /// <summary>The password file's text (Mosquitto's <c>user:$7$...</c> lines).</summary>
    public string? PasswordFile { get; init; }

    /// <summary>A second listener on <see cref="MosquittoProcess.TlsPort"/> with a CA, server and client certificate made by openssl.</summary>
    public bool Tls { get; init; }

    /// <summary>Whether the TLS listener refuses a client without a certificate from the CA.</summary>
    public bool RequireClientCertificate { get; init; } = true;

    /// <summary>Keep sessions and queued messages across a graceful <see cref="MosquittoProcess.RestartAsync"/>.</summary>
    public bool Persistence { get; init; }

    /// <summary>Configuration lines after the defaults, overriding them.</summary>
    public string ExtraConfig { get; init; } = string.Empty;

    /// <summary>Password file and ACL for exactly these users, written by the generator the operators use.</summary>
    public static MosquittoOptions WithAccounts(params BrokerAccount[] accounts) => new()
    {
        Acl = MosquittoFiles.Acl(accounts),
        PasswordFile = MosquittoFiles.PasswordFile(accounts),
    };
}
