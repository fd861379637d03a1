using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dream.Demo.Processes;

namespace Dream.Demo.Grid;

/// <summary>
/// Mosquitto with a generated configuration: one TLS listener on loopback (a CA and a server certificate made
/// with openssl), no anonymous access, a password per device and for the ledger, and an ACL that lets each
/// device write only under <c>dream/v1/{its did}/</c> while the ledger reads every device's readings.
/// </summary>
internal sealed class Broker : IAsyncDisposable
{
    private ChildProcess? _process;

    private Broker(string directory, int port)
    {
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    public string CaFile => Path.Combine(Directory, "ca.pem");

    public static BrokerCredentials Ledger(string password) => new("ledger", password,
    [
        "topic read dream/v1/+/readings",
        "topic write dream/v1/+/receipts",
        "topic read dream/v1/+/status",
        "topic read dream/v1/+/live",
    ]);

    public static BrokerCredentials Device(string user, string did, string password) => new(user, password,
    [
        $"topic write dream/v1/{did}/readings",
        $"topic readwrite dream/v1/{did}/status",
        $"topic write dream/v1/{did}/live",
        $"topic read dream/v1/{did}/receipts",
    ]);

    public static string NewPassword() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public static async Task<Broker> StartAsync(string directory, IReadOnlyList<BrokerCredentials> users, string logFile, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(directory);
        var broker = new Broker(directory, FreePort.Next());
        await broker.MakeCertificatesAsync(cancellationToken);
        await broker.WriteConfigurationAsync(users, cancellationToken);
        broker._process = ChildProcess.Start("mosquitto", "mosquitto", ["-c", broker.PathOf("mosquitto.conf")], logFile);
        await broker._process.WaitForLineAsync(l => l.Contains(" running", StringComparison.Ordinal), TimeSpan.FromSeconds(20), cancellationToken);
        return broker;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    private string PathOf(string name) => Path.Combine(Directory, name);

    private async Task MakeCertificatesAsync(CancellationToken ct)
    {
        var limit = TimeSpan.FromSeconds(30);
        await ToolRunner.RunAsync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", PathOf("ca.key"), "-out", CaFile, "-days", "30", "-subj", "/CN=Dream Demo Grid Authority CA"], limit, ct);
        await File.WriteAllTextAsync(PathOf("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n", ct);
        await ToolRunner.RunAsync("openssl", ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", PathOf("server.key"), "-out", PathOf("server.csr"), "-subj", "/CN=127.0.0.1"], limit, ct);
        await ToolRunner.RunAsync("openssl", ["x509", "-req", "-in", PathOf("server.csr"), "-CA", CaFile, "-CAkey", PathOf("ca.key"),
            "-CAcreateserial", "-out", PathOf("server.pem"), "-days", "30", "-extfile", PathOf("server.ext")], limit, ct);
    }

    private async Task WriteConfigurationAsync(IReadOnlyList<BrokerCredentials> users, CancellationToken ct)
    {
        var passwords = PathOf("passwd");
        await File.WriteAllTextAsync(passwords, string.Empty, ct);
        var acl = new StringBuilder();
        foreach (var user in users)
        {
            await ToolRunner.RunAsync("mosquitto_passwd", ["-b", passwords, user.User, user.Password], TimeSpan.FromSeconds(30), ct);
            acl.Append(CultureInfo.InvariantCulture, $"user {user.User}\n");
            foreach (var line in user.AclLines)
            {
                acl.Append(line).Append('\n');
            }

            acl.Append('\n');
        }

        await File.WriteAllTextAsync(PathOf("acl"), acl.ToString(), ct);
        var runAsRoot = Environment.UserName == "root" ? "user root" : string.Empty;
        await File.WriteAllTextAsync(PathOf("mosquitto.conf"), $"""
            per_listener_settings false
            allow_anonymous false
            password_file {passwords}
            acl_file {PathOf("acl")}
            persistence false
            max_queued_messages 2000000
            max_queued_bytes 2147483648
            max_inflight_messages 1000
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            log_type information
            {runAsRoot}

            listener {Port} 127.0.0.1
            cafile {CaFile}
            certfile {PathOf("server.pem")}
            keyfile {PathOf("server.key")}
            require_certificate false

            """, ct);
    }
}
