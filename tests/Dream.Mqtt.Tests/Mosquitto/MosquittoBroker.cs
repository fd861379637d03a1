using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dream.Mqtt.Tests.Mosquitto;

/// <summary>
/// A real Mosquitto 2 on free loopback ports with a generated configuration: a plain listener and a TLS
/// listener that requires a client certificate (CA and certificates made with openssl), a password file,
/// an ACL confining each device to its own topics, and persistence so a restart keeps sessions.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    public const string Password = "s3cret-pw";

    private readonly StringBuilder _log = new();
    private Process? _process;

    private MosquittoBroker(string directory, int port, int tlsPort)
    {
        Directory = directory;
        Port = port;
        TlsPort = tlsPort;
    }

    public string Directory { get; }

    public int Port { get; }

    public int TlsPort { get; }

    public string CaFile => Path.Combine(Directory, "ca.pem");

    public string ClientCertificateFile => Path.Combine(Directory, "client.pem");

    public string ClientKeyFile => Path.Combine(Directory, "client.key");

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<MosquittoBroker> StartAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("dream-mosquitto-").FullName;
        var broker = new MosquittoBroker(directory, FreePort(), FreePort());
        await broker.WriteConfigurationAsync();
        await broker.LaunchAsync();
        return broker;
    }

    public MqttClientOptions ClientOptions(string user, string? clientId = null) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        ClientId = clientId ?? $"{user}-{Guid.NewGuid():N}",
        Username = user,
        Password = Password,
        ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
    };

    /// <summary>Stops Mosquitto with SIGTERM (it saves its persistence file) and starts it again on the same ports.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await LaunchAsync();
    }

    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        await ExternalProcess.RunAsync("kill", "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            _process.Dispose();
            _process = null;
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string PathOf(string name) => Path.Combine(Directory, name);

    private async Task WriteConfigurationAsync()
    {
        await MakeCertificatesAsync();
        var passwords = PathOf("passwd");
        await File.WriteAllTextAsync(passwords, string.Empty);
        foreach (var user in new[] { "device1", "device2", "ledger", "admin" })
        {
            await ExternalProcess.RunAsync("mosquitto_passwd", "-b", passwords, user, Password);
        }

        await File.WriteAllTextAsync(PathOf("acl"), """
            user device1
            topic readwrite dream/v1/device1/#

            user device2
            topic readwrite dream/v1/device2/#

            user ledger
            topic read dream/v1/+/readings
            topic readwrite dream/v1/+/receipts

            user admin
            topic readwrite #

            """);
        var runAsRoot = Environment.UserName == "root" ? "user root" : string.Empty;
        await File.WriteAllTextAsync(PathOf("mosquitto.conf"), $"""
            per_listener_settings false
            allow_anonymous false
            password_file {passwords}
            acl_file {PathOf("acl")}
            persistence true
            persistence_location {Directory}/
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            log_type information
            {runAsRoot}

            listener {Port} 127.0.0.1

            listener {TlsPort} 127.0.0.1
            cafile {CaFile}
            certfile {PathOf("server.pem")}
            keyfile {PathOf("server.key")}
            require_certificate true

            """);
    }

    private async Task MakeCertificatesAsync()
    {
        await ExternalProcess.RunAsync("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", PathOf("ca.key"), "-out", CaFile, "-days", "2", "-subj", "/CN=Dream Test CA");
        await File.WriteAllTextAsync(PathOf("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        await File.WriteAllTextAsync(PathOf("client.ext"), "extendedKeyUsage=clientAuth\n");
        foreach (var (name, subject) in new[] { ("server", "/CN=127.0.0.1"), ("client", "/CN=device1") })
        {
            await ExternalProcess.RunAsync("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", PathOf($"{name}.key"), "-out", PathOf($"{name}.csr"), "-subj", subject);
            await ExternalProcess.RunAsync("openssl", "x509", "-req", "-in", PathOf($"{name}.csr"), "-CA", CaFile, "-CAkey", PathOf("ca.key"),
                "-CAcreateserial", "-out", PathOf($"{name}.pem"), "-days", "2", "-extfile", PathOf($"{name}.ext"));
        }
    }

    private async Task LaunchAsync()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = ExternalProcess.Start("mosquitto", ["-c", PathOf("mosquitto.conf")], line =>
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }

            if (line.Contains(" running", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        });
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(ready.Task, exited).WaitAsync(TimeSpan.FromSeconds(20));
        if (first == exited)
        {
            throw new InvalidOperationException($"mosquitto exited with {process.ExitCode}:\n{Log}");
        }

        _process = process;
    }
}
