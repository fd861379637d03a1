using Dream.Contracts.Broker;
using Dream.Demo.Processes;

namespace Dream.Demo.Grid;

/// <summary>
/// Mosquitto with a generated configuration: one TLS listener on loopback (a CA and a server certificate made
/// with openssl), no anonymous access, a password per device and for the ledger, and an ACL that lets each
/// device write only under <c>dream/v1/{its did}/</c> while the ledger reads every device's readings.
/// </summary>
internal sealed class Broker : ChildNode
{
    private Broker(string directory, int port)
    {
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    public string CaFile => Path.Combine(Directory, "ca.pem");

    public static async Task<Broker> StartAsync(string directory, IReadOnlyList<BrokerAccount> users, string logFile, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(directory);
        var broker = new Broker(directory, FreePort.Next());
        await broker.MakeCertificatesAsync(cancellationToken);
        await broker.WriteConfigurationAsync(users, cancellationToken);
        broker.Child = ChildProcess.Start("mosquitto", "mosquitto", ["-c", broker.PathOf("mosquitto.conf")], logFile);
        await broker.Child.WaitForLineAsync(l => l.Contains(" running", StringComparison.Ordinal), TimeSpan.FromSeconds(20), cancellationToken);
        return broker;
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

    private async Task WriteConfigurationAsync(IReadOnlyList<BrokerAccount> users, CancellationToken ct)
    {
        // The generator dream-ledger broker-acl gives the operators: one ACL block per user, PBKDF2 password lines.
        var passwords = PathOf("passwd");
        await PrivateFile.WriteAllTextAsync(passwords, MosquittoFiles.PasswordFile(users), ct);
        await File.WriteAllTextAsync(PathOf("acl"), MosquittoFiles.Acl(users), ct);
        await File.WriteAllTextAsync(PathOf("mosquitto.conf"), $"""
            per_listener_settings false
            allow_anonymous false
            password_file {passwords}
            acl_file {PathOf("acl")}
            persistence false
            {MosquittoFiles.FlowControl}
            {MosquittoFiles.Logging(asRoot: Environment.UserName == "root")}

            listener {Port} 127.0.0.1
            cafile {CaFile}
            certfile {PathOf("server.pem")}
            keyfile {PathOf("server.key")}
            require_certificate false

            """, ct);
    }
}
