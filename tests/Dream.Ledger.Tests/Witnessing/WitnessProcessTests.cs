using Dream.Transparency.Checkpoints;
using Dream.Transparency.Merkle;
using Dream.Transparency.Witnesses;

namespace Dream.Ledger.Tests.Witnessing;

/// <summary>The real <c>dream-witness</c> executable: init (0600 key, the key line), run, cosign, SIGTERM; a bad configuration is one clean line.</summary>
public sealed class WitnessProcessTests
{
    private static readonly string Executable = Path.Combine(AppContext.BaseDirectory, "dream-witness.dll");

    [Fact]
    public async Task Init_then_run_cosigns_over_http_and_stops_on_sigterm()
    {
        using var directory = new TemporaryDirectory();
        var data = directory.Combine("data");
        var init = await ExternalProgram.RunAsync("dotnet", [Executable, "init", "--data-dir", data, "--name", "witness.test/proc"], timeout: TimeSpan.FromSeconds(60));
        Assert.True(init.ExitCode == 0, init.ToString());
        var keyLine = init.StandardOutput.Split('\n').Single(l => l.StartsWith("witness key: ", StringComparison.Ordinal))["witness key: ".Length..].Trim();
        var witnessKey = CosignatureVerifier.Parse(keyLine);
        Assert.Equal(keyLine, (await File.ReadAllTextAsync(Path.Combine(data, "witness.vkey"))).Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "witness.key")));
        var again = await ExternalProgram.RunAsync("dotnet", [Executable, "init", "--data-dir", data, "--name", "witness.test/proc"], timeout: TimeSpan.FromSeconds(60));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("Refusing to overwrite", again.StandardError, StringComparison.Ordinal);

        using var log = Ed25519PrivateKey.Generate();
        var origin = "log.test/process";
        var listen = $"http://127.0.0.1:{FreePort.Next()}";
        var config = directory.Combine("witness.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            dataDir = data,
            listen,
            name = "witness.test/proc",
            logs = new[] { new { origin, verifierKey = NoteVerifier.Create(origin, log.PublicKey).VerifierKey } },
        }));

        await using var process = LedgerProcess.Start("dream-witness.dll", "run", "--config", config);
        await process.WaitForLineAsync("witness key: ", TimeSpan.FromSeconds(60));
        var note = new CheckpointSigner(origin, log).Sign(new Checkpoint(origin, 1, Rfc6962.HashLeaf("one"u8)));
        using var http = new HttpClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(new AddCheckpointRequest(0, [], note).ToText()));
        using var response = await http.PostAsync(new Uri(listen + "/add-checkpoint"), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        witnessKey.Verify(SignedNote.Parse(note + await response.Content.ReadAsStringAsync()));
        Assert.Equal(keyLine + "\n", await http.GetStringAsync(listen + "/key"));

        await process.TerminateAsync();
        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_configuration_with_a_bad_log_key_is_refused_with_one_line()
    {
        using var directory = new TemporaryDirectory();
        var data = directory.Combine("data");
        var init = await ExternalProgram.RunAsync("dotnet", [Executable, "init", "--data-dir", data, "--name", "witness.test/proc"], timeout: TimeSpan.FromSeconds(60));
        Assert.True(init.ExitCode == 0, init.ToString());
        var config = directory.Combine("witness.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new { dataDir = data, name = "witness.test/proc", logs = new[] { new { origin = "log.test/x", verifierKey = "log.test/x+00000000+AQ==" } } }));
        var run = await ExternalProgram.RunAsync("dotnet", [Executable, "run", "--config", config], timeout: TimeSpan.FromSeconds(60));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("The verifier key of log 'log.test/x' is not valid", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
    }
}
