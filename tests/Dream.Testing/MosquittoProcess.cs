using Dream.Contracts.Broker;

namespace Dream.Testing;

/// <summary>
/// A real Mosquitto 2 on free loopback ports with a generated configuration in a temp dir: anonymous by default,
/// or with a password file and ACL, a TLS listener and persistence (<see cref="MosquittoOptions"/>). A test can
/// kill it (<see cref="StopAsync"/>) or stop it gracefully (<see cref="RestartAsync"/>) and start it again on the
/// same ports.
/// </summary>
public sealed class MosquittoProcess : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly MosquittoOptions _options;
    private readonly List<string> _previousLogs = [];
    private RunningProgram? _process;

    private MosquittoProcess(MosquittoOptions options)
    {
        _options = options;
        TlsPort = options.Tls ? FreePort.Next() : 0;
    }

    public int Port { get; } = FreePort.Next();

    /// <summary>The TLS listener's port; 0 without <see cref="MosquittoOptions.Tls"/>.</summary>
    public int TlsPort { get; }

    public string Directory => _directory.Path;

    public string CaFile => _directory.Combine("ca.pem");

    /// <summary>A client certificate (CN device1) the CA signed.</summary>
    public string ClientCertificateFile => _directory.Combine("client.pem");

    public string ClientKeyFile => _directory.Combine("client.key");

    /// <summary>Everything every run of the broker logged.</summary>
    public string Log => string.Concat(_previousLogs) + _process?.Output;

    /// <summary>An anonymous broker; <paramref name="extraConfig"/> lines come after the defaults and override them.</summary>
    public static Task<MosquittoProcess> StartAsync(string extraConfig = "") => StartAsync(new MosquittoOptions { ExtraConfig = extraConfig });

    public static async Task<MosquittoProcess> StartAsync(MosquittoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var broker = new MosquittoProcess(options);
        try
        {
            if (options.Tls)
            {
                await broker.MakeCertificatesAsync();
            }

            await broker.WriteConfigurationAsync();
            await broker.StartAgainAsync();
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the broker (again) on the same ports and waits until it says it is running.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("The broker is running.");
        }

        _process = RunningProgram.Start("mosquitto", ["-c", _directory.Combine("mosquitto.conf")]);
        await _process.WaitForLineAsync(" running", TimeSpan.FromSeconds(20));
    }

    /// <summary>Kills the broker (as a crash would: nothing saved); <see cref="StartAgainAsync"/> brings it back.</summary>
    public Task StopAsync() => EndAsync(graceful: false);

    /// <summary>Stops the broker with SIGTERM (it saves its persistence file); <see cref="StartAgainAsync"/> brings it back.</summary>
    public Task TerminateAsync() => EndAsync(graceful: true);

    /// <summary>Stops the broker with SIGTERM (it saves its persistence file) and starts it again on the same ports.</summary>
    public async Task RestartAsync()
    {
        await EndAsync(graceful: true);
        await StartAgainAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Dispose();
    }

    private async Task EndAsync(bool graceful)
    {
        if (_process is null)
        {
            return;
        }

        if (graceful)
        {
            await _process.TerminateAsync();
            await _process.WaitForExitAsync(TimeSpan.FromSeconds(20));
        }

        _previousLogs.Add(_process.Output);
        await _process.DisposeAsync();
        _process = null;
    }

    private async Task WriteConfigurationAsync()
    {
        var authentication = "allow_anonymous true";
        if (_options.PasswordFile is not null || _options.Acl is not null)
        {
            await File.WriteAllTextAsync(_directory.Combine("passwd"), _options.PasswordFile ?? string.Empty);
            await File.WriteAllTextAsync(_directory.Combine("acl"), _options.Acl ?? string.Empty);
            authentication = $"""
                allow_anonymous false
                password_file {_directory.Combine("passwd")}
                acl_file {_directory.Combine("acl")}
                """;
        }

        var tls = _options.Tls ? $"""
            listener {TlsPort} 127.0.0.1
            cafile {CaFile}
            certfile {_directory.Combine("server.pem")}
            keyfile {_directory.Combine("server.key")}
            require_certificate {(_options.RequireClientCertificate ? "true" : "false")}
            """ : string.Empty;
        var persistence = _options.Persistence ? $"persistence true\npersistence_location {Directory}/" : "persistence false";
        await File.WriteAllTextAsync(_directory.Combine("mosquitto.conf"), string.Create(CultureInfo.InvariantCulture, $"""
            per_listener_settings false
            {authentication}
            {persistence}
            {MosquittoFiles.FlowControl}
            {MosquittoFiles.Logging(asRoot: Environment.UserName == "root")}
            {_options.ExtraConfig}
            listener {Port} 127.0.0.1

            {tls}

            """));
    }

    private async Task MakeCertificatesAsync()
    {
        await OpensslAsync("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", _directory.Combine("ca.key"), "-out", CaFile, "-days", "2", "-subj", "/CN=Dream Test CA");
        await File.WriteAllTextAsync(_directory.Combine("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        await File.WriteAllTextAsync(_directory.Combine("client.ext"), "extendedKeyUsage=clientAuth\n");
        foreach (var (name, subject) in new[] { ("server", "/CN=127.0.0.1"), ("client", "/CN=device1") })
        {
            await OpensslAsync("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", _directory.Combine($"{name}.key"), "-out", _directory.Combine($"{name}.csr"), "-subj", subject);
            await OpensslAsync("x509", "-req", "-in", _directory.Combine($"{name}.csr"), "-CA", CaFile, "-CAkey", _directory.Combine("ca.key"),
                "-CAcreateserial", "-out", _directory.Combine($"{name}.pem"), "-days", "2", "-extfile", _directory.Combine($"{name}.ext"));
        }
    }

    private static async Task OpensslAsync(params string[] arguments)
    {
        var result = await ExternalProgram.RunAsync("openssl", arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed: {result}");
        }
    }
}
