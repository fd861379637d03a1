using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Dream.Mqtt.Transport;

/// <summary>Opens the byte stream a connection runs on: plain TCP, or TLS over TCP.</summary>
internal static class MqttTransport
{
    public static async Task<(Socket Socket, Stream Stream)> OpenAsync(MqttClientOptions options, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, cancellationToken);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (options.Tls is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                try
                {
                    await ssl.AuthenticateAsClientAsync(ClientAuthentication(options.Host, tls), cancellationToken);
                }
                catch
                {
                    await ssl.DisposeAsync();
                    throw;
                }

                stream = ssl;
            }

            return (socket, stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static SslClientAuthenticationOptions ClientAuthentication(string host, MqttTlsOptions tls)
    {
        var authentication = new SslClientAuthenticationOptions { TargetHost = tls.TargetHost ?? host };
        if (tls.CaFile is not null)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(tls.CaFile);
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(authorities);
            authentication.CertificateChainPolicy = policy;
        }

        if (tls.ClientCertificateFile is not null)
        {
            var certificate = X509Certificate2.CreateFromPemFile(tls.ClientCertificateFile, tls.ClientKeyFile);
            authentication.ClientCertificates = [certificate];
        }

        return authentication;
    }
}
