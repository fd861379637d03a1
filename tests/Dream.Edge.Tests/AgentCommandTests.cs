using System.Net;
using System.Text;

namespace Dream.Edge.Tests;

/// <summary>The installer and technician commands of the real dream-agent executable, against the real meter simulator.</summary>
#pragma warning disable CA1001 // xunit disposes through IAsyncLifetime.DisposeAsync
public sealed class AgentCommandTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private readonly int _meterPort = FreePort.Next();
    private RunningProgram _simulator = null!;

    private string DataDirectory => _directory.Combine("data");

    public async Task InitializeAsync()
    {
        _simulator = AgentProcess.Start("simulate-meter", "--profile", "eastron-sdm630", "--listen", $"127.0.0.1:{_meterPort}", "--serial-number", "77001234");
        var init = await RunAsync("init", "--data-dir", DataDirectory);
        Assert.Equal(0, init.ExitCode);
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Init_creates_a_private_key_once_and_id_prints_the_same_did()
    {
        var again = await RunAsync("init", "--data-dir", DataDirectory);
        var id = await RunAsync("id", "--data-dir", DataDirectory);

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already exists", again.StandardError, StringComparison.Ordinal);
        Assert.Equal(again.StandardOutput.Trim(), id.StandardOutput.Trim());
        Assert.True(DidKey.TryDecode(id.StandardOutput.Trim(), out _));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(DataDirectory, "device.key")));
    }

    [Fact]
    public async Task Pair_reads_the_meter_identity_and_writes_a_passport_signed_by_device_and_installer()
    {
        var (installerKey, installerDid) = Installer();
        using var owner = Ed25519PrivateKey.Generate();
        var output = _directory.Combine("passport.json");

        var pair = await RunAsync("pair", "--meter", $"tcp://127.0.0.1:{_meterPort}?unit=1", "--profile", "eastron-sdm630", "--installer-key", installerKey,
            "--owner", owner.PublicKey.Did, "--connection-point", "871234567890123456", "--data-dir", DataDirectory, "--out", output);

        Assert.True(pair.ExitCode == 0, pair.StandardError);
        var signed = SignedPassport.Verify(await File.ReadAllBytesAsync(output));
        Assert.Equal(signed.Id, pair.StandardOutput.Trim());
        Assert.Equal("77001234", signed.Passport.Serial);
        Assert.Equal("eastron-sdm630", signed.Passport.Profile);
        Assert.Equal(installerDid, signed.Passport.Installer);
        Assert.Equal(owner.PublicKey.Did, signed.Passport.Owner);
        Assert.Equal((await RunAsync("id", "--data-dir", DataDirectory)).StandardOutput.Trim(), signed.Passport.Device);
        Assert.True(signed.Passport.MeasuresExport);
    }

    [Fact]
    public async Task Pair_posts_the_envelope_to_the_ledger_and_expects_202()
    {
        var (installerKey, _) = Installer();
        using var owner = Ed25519PrivateKey.Generate();
        var port = FreePort.Next();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var served = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var path = context.Request.Url!.AbsolutePath;
            var signed = SignedPassport.Verify(body.ToArray());
            context.Response.StatusCode = 202;
            var answer = Encoding.UTF8.GetBytes($"{{\"id\":\"{signed.Id}\",\"status\":\"pending\"}}");
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
            return (path, signed.Id, context.Request.HttpMethod);
        });

        var pair = await RunAsync("pair", "--meter", $"tcp://127.0.0.1:{_meterPort}?unit=1", "--profile", "eastron-sdm630", "--installer-key", installerKey,
            "--owner", owner.PublicKey.Did, "--connection-point", "871234567890123456", "--data-dir", DataDirectory, "--ledger-url", $"http://127.0.0.1:{port}/");
        var (path, id, method) = await served.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(pair.ExitCode == 0, pair.StandardError);
        Assert.Equal("POST", method);
        Assert.Equal("/api/v1/passports", path);
        Assert.Equal(id, pair.StandardOutput.Trim());
        Assert.Contains("pending", pair.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_reports_every_configuration_error_with_its_path_and_exits_2()
    {
        var config = _directory.Combine("bad.json");
        await File.WriteAllTextAsync(config, """{"meters":[{"id":"m","uri":"tcp://127.0.0.1:1","profile":"no-such-profile","intervalMinutes":7,"passportId":"x"}],"broker":{}}""");

        var run = await RunAsync("run", "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("meters[0].intervalMinutes", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("meters[0].passportId", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("broker", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("gridAuthorityKey", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_without_a_running_agent_says_so()
    {
        var status = await RunAsync("status", "--data-dir", DataDirectory);
        Assert.Equal(1, status.ExitCode);
        Assert.Contains("Is the agent running", status.StandardError, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(DataDirectory, "status.json") + ":", status.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("..", status.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("'.", status.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_world_readable_installer_key_is_refused_in_one_line_with_exit_2()
    {
        var (installerKey, _) = Installer();
        File.SetUnixFileMode(installerKey, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using var owner = Ed25519PrivateKey.Generate();

        var pair = await RunAsync("pair", "--meter", $"tcp://127.0.0.1:{_meterPort}?unit=1", "--profile", "eastron-sdm630", "--installer-key", installerKey,
            "--owner", owner.PublicKey.Did, "--connection-point", "871234567890123456", "--data-dir", DataDirectory, "--out", _directory.Combine("never.json"));

        Assert.True(pair.ExitCode == 2, pair.ToString());
        Assert.Contains("chmod 600", pair.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", pair.StandardError, StringComparison.Ordinal);
    }

    private (string Path, string Did) Installer()
    {
        var path = _directory.Combine($"installer-{Guid.NewGuid():N}.key");
        using var key = Ed25519PrivateKey.Generate();
        KeyFile.Write(path, key);
        return (path, key.PublicKey.Did);
    }

    private static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ExternalProgram.RunAsync(AgentProcess.Executable, arguments, timeout: TimeSpan.FromSeconds(60));
}
