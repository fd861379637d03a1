using Dream.Contracts.Broker;
using Dream.Mqtt;
using Dream.Mqtt.Packets;

namespace Dream.Ledger.Tests;

/// <summary>
/// <c>dream-ledger broker-acl</c> on a real data directory (approved, pending and revoked passports), and a real
/// Mosquitto enforcing the ACL and password file it printed.
/// </summary>
public sealed class BrokerAclCommandTests
{
    private static readonly string Executable = Path.Combine(AppContext.BaseDirectory, "dream-ledger.dll");

    [Fact]
    public async Task The_printed_files_let_an_approved_device_publish_on_its_own_topic_and_not_on_anothers()
    {
        await using var ledger = await TestLedger.StartAsync();
        var first = await ledger.AddApprovedAgentAsync();
        var second = await ledger.AddApprovedAgentAsync();
        var revoked = await ledger.AddApprovedAgentAsync();
        await ledger.RevokeAsync(revoked.Passport.Id, "meter replaced");
        await using var pending = new TestAgent(ledger.Owner, TestLedger.PastStartMs(), ledger.Installer);
        await ledger.SubmitPassportAsync(pending);
        using var secrets = new TemporaryDirectory();
        var passwordsDir = secrets.Combine("mqtt");

        // The server is running: the command reads its database read only beside it.
        var acl = await BrokerAclAsync("--data-dir", ledger.Config.DataDir, "--passwords-dir", passwordsDir);
        var passwd = await BrokerAclAsync("--data-dir", ledger.Config.DataDir, "--passwords-dir", passwordsDir, "--passwd");

        var approved = new[] { first.Device, second.Device }.Order(StringComparer.Ordinal).ToArray();
        var expectedAcl = MosquittoFiles.Acl(
        [
            BrokerAccount.Ledger("ledger", Password(passwordsDir, "ledger")),
            .. approved.Select(did => BrokerAccount.Device(BrokerAccount.DeviceUser(did), did, Password(passwordsDir, BrokerAccount.DeviceUser(did)))),
        ]);
        Assert.Equal(expectedAcl, acl);
        Assert.Equal(["ledger", .. approved.Select(BrokerAccount.DeviceUser)], passwd.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]));
        Assert.DoesNotContain(BrokerAccount.DeviceUser(revoked.Device), acl, StringComparison.Ordinal);
        Assert.DoesNotContain(BrokerAccount.DeviceUser(pending.Device), acl, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(passwordsDir, BrokerAccount.DeviceUser(first.Device))));

        await using var broker = await MosquittoProcess.StartAsync(new MosquittoOptions { Acl = acl, PasswordFile = passwd });
        await using var ledgerClient = await ConnectAsync(broker, "ledger", Password(passwordsDir, "ledger"));
        await ledgerClient.SubscribeAsync(Topics.Readings("+")).WaitAsync(TimeSpan.FromSeconds(20));
        var user = BrokerAccount.DeviceUser(first.Device);
        await using var device = await ConnectAsync(broker, user, Password(passwordsDir, user));

        var own = await device.PublishAsync(Topics.Readings(first.Device), "own"u8.ToArray()).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(own.IsSuccess, $"{own.ReasonCode}\n{broker.Log}");
        var forged = await device.PublishAsync(Topics.Readings(second.Device), "forged"u8.ToArray()).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(MqttReasonCode.NotAuthorized, forged.ReasonCode);
        var arrived = await ledgerClient.Messages.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal((Topics.Readings(first.Device), "own"), (arrived.Topic, Encoding.UTF8.GetString(arrived.Payload.Span)));

        // A second run keeps the passwords it made (the installers have them) and adds none for known users.
        Assert.Equal(acl, await BrokerAclAsync("--data-dir", ledger.Config.DataDir, "--passwords-dir", passwordsDir));
        var wrong = new MqttClient(Options(broker, BrokerAccount.DeviceUser(second.Device), Password(passwordsDir, user)));
        await using (wrong)
        {
            await Assert.ThrowsAsync<MqttConnectException>(() => wrong.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(20)));
        }
    }

    [Fact]
    public async Task A_password_file_others_may_read_is_refused()
    {
        await using var ledger = await TestLedger.StartAsync();
        using var secrets = new TemporaryDirectory();
        await File.WriteAllTextAsync(secrets.Combine("ledger"), "hunter2\n");
        File.SetUnixFileMode(secrets.Combine("ledger"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var run = await ExternalProgram.RunAsync("dotnet", [Executable, "broker-acl", "--data-dir", ledger.Config.DataDir, "--passwords-dir", secrets.Path]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{secrets.Combine("ledger")} holds a broker password but others may read it", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.StandardOutput);
    }

    private static async Task<string> BrokerAclAsync(params string[] arguments)
    {
        var run = await ExternalProgram.RunAsync("dotnet", [Executable, "broker-acl", .. arguments]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.StandardOutput;
    }

    private static string Password(string passwordsDir, string user) => File.ReadAllText(Path.Combine(passwordsDir, user)).Trim();

    private static MqttClientOptions Options(MosquittoProcess broker, string user, string password) => new()
    {
        Host = "127.0.0.1",
        Port = broker.Port,
        ClientId = Guid.NewGuid().ToString("N"),
        Username = user,
        Password = password,
        AutoReconnect = false,
    };

    private static async Task<MqttClient> ConnectAsync(MosquittoProcess broker, string user, string password)
    {
        var client = new MqttClient(Options(broker, user, password));
        await client.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(20));
        return client;
    }
}
