using Microsoft.Data.Sqlite;

namespace Dream.Ledger.Tests;

public sealed class CliTests
{
    private static readonly string Executable = Path.Combine(AppContext.BaseDirectory, "dream-ledger.dll");

    private static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ExternalProgram.RunAsync("dotnet", [Executable, .. arguments], timeout: TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Init_creates_a_private_key_and_refuses_to_overwrite_it()
    {
        using var temp = new TemporaryDirectory();
        var data = temp.Combine("data");
        var init = await RunAsync("init", "--data-dir", data, "--origin", "ledger.test/cli");
        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("grid authority: did:key:z6Mk", init.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, LedgerDataDirectory.KeyFileName)));
        var again = await RunAsync("init", "--data-dir", data, "--origin", "ledger.test/cli");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already holds a ledger", again.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", again.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_with_a_world_readable_ga_key_says_what_to_fix_in_one_line()
    {
        using var temp = new TemporaryDirectory();
        var data = temp.Combine("data");
        var init = await RunAsync("init", "--data-dir", data, "--origin", "ledger.test/cli");
        Assert.True(init.ExitCode == 0, init.ToString());
        File.SetUnixFileMode(Path.Combine(data, LedgerDataDirectory.KeyFileName), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var config = temp.Combine("ledger.json");
        await File.WriteAllTextAsync(config, new Dream.Ledger.Server.Hosting.LedgerServerConfig
        {
            DataDir = data,
            Listen = $"http://127.0.0.1:{FreePort.Next()}",
            AdminListen = $"http://127.0.0.1:{FreePort.Next()}",
        }.ToJson());

        var run = await RunAsync("run", "--config", config);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("chmod 600", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passport_approve_through_the_cli_then_verify_passes_and_detects_a_tampered_entry()
    {
        await using var ledger = await TestLedger.StartAsync();
        var configFile = ledger.Directory.Combine("ledger.json");
        await File.WriteAllTextAsync(configFile, ledger.Config.ToJson());
        var agent = new TestAgent(ledger.Owner, TestLedger.PastStartMs(), ledger.Installer);
        await using var _ = agent;

        // the installer's passports are taken only once the grid authority registered it
        using (var early = new ByteArrayContent(agent.Passport.Envelope.ToBytes()))
        using (var unregistered = await ledger.Public.PostAsync("api/v1/passports", early))
        {
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, unregistered.StatusCode);
        }

        var add = await RunAsync("participant", "add", ledger.Installer.PublicKey.Did, "--role", "installer", "--name", "Ivo the installer", "--config", configFile);
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("installer", (await RunAsync("participant", "list", "--config", configFile)).StandardOutput, StringComparison.Ordinal);
        await ledger.RegisterInstallerAsync(alreadyRegistered: true);
        var id = await ledger.SubmitPassportAsync(agent);

        var list = await RunAsync("passport", "list", "--config", configFile);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(id, list.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("pending", list.StandardOutput, StringComparison.Ordinal);

        var approve = await RunAsync("passport", "approve", id, "--config", configFile);
        Assert.True(approve.ExitCode == 0, approve.ToString());
        Assert.NotNull(ledger.Server.Engine.ReadState(s => s.ActivePassport(agent.Device)));

        await agent.ConnectAsync(ledger.Broker.Port, ledger.GridAuthority);
        for (var i = 0; i < 5; i++)
        {
            await agent.PublishAsync(agent.Next());
        }

        await agent.WaitForReceiptAsync(5);
        await ledger.Server.Checkpoints.SignIfGrownAsync();
        var checkpointFile = ledger.Directory.Combine("saved.checkpoint");
        var remote = await RunAsync("verify", "--url", ledger.Config.Listen, "--checkpoint-file", checkpointFile);
        Assert.True(remote.ExitCode == 0, remote.ToString());
        Assert.Contains("VERIFIED", remote.StandardOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(checkpointFile));

        await ledger.StopServerAsync();
        var local = await RunAsync("verify", "--data-dir", ledger.Config.DataDir);
        Assert.True(local.ExitCode == 0, local.ToString());
        Assert.Contains("readings:     5 from 1 devices", local.StandardOutput, StringComparison.Ordinal);

        // flip one byte of a logged reading: the audit must fail
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(ledger.Config.DataDir, LedgerDataDirectory.DatabaseFileName)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE entries SET data = CAST(replace(CAST(data AS TEXT), '\"dream\":1', '\"dream\":1 ') AS BLOB) WHERE idx = 3";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var tampered = await RunAsync("verify", "--data-dir", ledger.Config.DataDir);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("PROBLEM: Entry 3", tampered.StandardOutput, StringComparison.Ordinal);

        // and the server refuses to serve it
        var refused = await Assert.ThrowsAsync<Dream.Ledger.Log.LedgerIntegrityException>(ledger.StartServerAsync);
        Assert.Contains("signed checkpoint", refused.Message, StringComparison.Ordinal);
    }
}
