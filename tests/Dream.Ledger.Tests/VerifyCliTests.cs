using Microsoft.Data.Sqlite;

namespace Dream.Ledger.Tests;

/// <summary><c>dream-ledger verify</c> as an independent auditor runs it: no GA secret, a pinned key, one-line errors.</summary>
public sealed class VerifyCliTests
{
    private static readonly string Executable = Path.Combine(AppContext.BaseDirectory, "dream-ledger.dll");

    private static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ExternalProgram.RunAsync("dotnet", [Executable, .. arguments], timeout: TimeSpan.FromSeconds(60));

    private static void AssertCleanError(ProcessResult result, int exitCode, string message)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_auditor_verifies_a_copy_of_ledger_db_alone_pins_the_key_and_detects_tampering()
    {
        await using var ledger = await TestLedger.StartAsync();
        var agent = await ledger.AddApprovedAgentAsync();
        for (var i = 0; i < 3; i++)
        {
            await agent.PublishAsync(agent.Next());
        }

        await agent.WaitForReceiptAsync(3);
        await ledger.Server.Checkpoints.SignIfGrownAsync();
        var pinned = NoteVerifier.Create("ledger.test/dream", ledger.GridAuthority).VerifierKey;
        using var stranger = Ed25519PrivateKey.Generate();
        var wrong = NoteVerifier.Create("ledger.test/dream", stranger.PublicKey).VerifierKey;

        var remote = await RunAsync("verify", "--url", ledger.Config.Listen, "--verifier-key", pinned);
        Assert.True(remote.ExitCode == 0, remote.ToString());
        Assert.Contains("VERIFIED", remote.StandardOutput, StringComparison.Ordinal);
        AssertCleanError(await RunAsync("verify", "--url", ledger.Config.Listen, "--verifier-key", wrong), 1, "not the pinned");

        await ledger.StopServerAsync();
        using var auditor = new TemporaryDirectory();
        var copy = auditor.Combine("copy");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(ledger.Config.DataDir, LedgerDataDirectory.DatabaseFileName + "*"))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        Assert.False(File.Exists(Path.Combine(copy, LedgerDataDirectory.KeyFileName)));
        Assert.False(File.Exists(Path.Combine(copy, LedgerDataDirectory.AdminTokenFileName)));
        var local = await RunAsync("verify", "--data-dir", copy);
        Assert.True(local.ExitCode == 0, local.ToString());
        Assert.Contains("readings:     3 from 1 devices", local.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(pinned, local.StandardOutput, StringComparison.Ordinal);
        var keyFile = auditor.Combine("ga.vkey");
        await File.WriteAllTextAsync(keyFile, pinned + "\n");
        var pinnedLocal = await RunAsync("verify", "--data-dir", copy, "--verifier-key-file", keyFile);
        Assert.True(pinnedLocal.ExitCode == 0, pinnedLocal.ToString());
        AssertCleanError(await RunAsync("verify", "--data-dir", copy, "--verifier-key", wrong), 1, "not the pinned");

        // With the GA's own directory, ga.key still cross-checks the recorded identity.
        var own = await RunAsync("verify", "--data-dir", ledger.Config.DataDir);
        Assert.True(own.ExitCode == 0, own.ToString());

        using (var connection = new SqliteConnection($"Data Source={Path.Combine(copy, LedgerDataDirectory.DatabaseFileName)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE entries SET data = CAST(replace(CAST(data AS TEXT), '\"dream\":1', '\"dream\":1 ') AS BLOB) WHERE idx = 3";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var tampered = await RunAsync("verify", "--data-dir", copy);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("PROBLEM: Entry 3", tampered.StandardOutput, StringComparison.Ordinal);
        await ledger.StartServerAsync();
    }

    [Fact]
    public async Task Configuration_errors_are_one_line_messages_with_exit_2()
    {
        using var temp = new TemporaryDirectory();
        var empty = temp.Combine("empty");
        Directory.CreateDirectory(empty);
        AssertCleanError(await RunAsync("verify", "--data-dir", empty), 2, "holds no ledger");

        var keyFile = temp.Combine("auditor.key");
        using (var key = Ed25519PrivateKey.Generate())
        {
            KeyFile.Write(keyFile, key);
        }

        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        AssertCleanError(await RunAsync("verify", "--url", "http://127.0.0.1:1", "--key", keyFile), 2, "chmod 600");
        AssertCleanError(await RunAsync("verify", "--data-dir", empty, "--verifier-key", "not a key"), 2, "verifier key");
    }

    [Fact]
    public async Task A_refused_signed_request_is_reported_in_one_line()
    {
        // A scripted ledger: a valid key and checkpoint, then HTTP 401 for the signed entries request.
        using var ga = Ed25519PrivateKey.Generate();
        var verifier = NoteVerifier.Create("ledger.test/dream", ga.PublicKey);
        var checkpoint = new Transparency.Checkpoints.CheckpointSigner("ledger.test/dream", ga);
        var note = checkpoint.Sign(new Transparency.Checkpoints.Checkpoint("ledger.test/dream", 1, Transparency.Merkle.Sha256Hash.Compute("entry"u8)));
        var port = FreePort.Next();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serve = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                var path = context.Request.Url!.AbsolutePath;
                var (status, body) = path switch
                {
                    "/log/key" => (200, verifier.VerifierKey + "\n"),
                    "/log/checkpoints" => (200, System.Text.Json.JsonSerializer.Serialize(new[] { new { note } })),
                    _ => (401, """{"error":"unauthenticated","message":"X-Dream-Signature does not verify."}"""),
                };
                var bytes = Encoding.UTF8.GetBytes(body);
                context.Response.StatusCode = status;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        });

        using var temp = new TemporaryDirectory();
        var keyFile = temp.Combine("auditor.key");
        using (var key = Ed25519PrivateKey.Generate())
        {
            KeyFile.Write(keyFile, key);
        }

        var result = await RunAsync("verify", "--url", $"http://127.0.0.1:{port}", "--key", keyFile);
        listener.Stop();
        await serve.WaitAsync(TimeSpan.FromSeconds(10));
        AssertCleanError(result, 1, "HTTP 401");
        Assert.Contains("does not verify", result.StandardError, StringComparison.Ordinal);
    }
}
