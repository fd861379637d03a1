using Dream.Ledger.Server.Cli;
using Dream.Ledger.Server.Hosting;
using Dream.Transparency.Witnesses;

namespace Dream.Ledger.Tests.Witnessing;

/// <summary>
/// A real ledger with two real witnesses: its checkpoints carry both cosignatures; a witness that is down does not
/// stop the log; a fork of the ledger (same key, another history) shown to one witness gets no cosignature, and
/// <c>verify</c> with the witness keys refuses it.
/// </summary>
public sealed class WitnessedLedgerTests
{
    private const string Origin = "ledger.test/dream";

    [Fact]
    public async Task Checkpoints_are_cosigned_by_both_witnesses_and_a_forked_ledger_is_refused()
    {
        await using var w1 = new TestWitness("witness.test/w1");
        await using var w2 = new TestWitness("witness.test/w2");
        await using var ledger = await TestLedger.StartAsync(configure: c =>
        {
            c.Witnesses = [new() { Url = w1.Url, VerifierKey = w1.Key.VerifierKey }, new() { Url = w2.Url, VerifierKey = w2.Key.VerifierKey }];
            // A bound, not a measurement: a stopped witness refuses the connection at once, and a loaded machine must not
            // turn a slow cosignature into a missing one.
            c.WitnessTimeoutSeconds = 300;
        });
        var logKey = NoteVerifier.Create(Origin, ledger.GridAuthority).VerifierKey;
        await w1.StartAsync(Origin, logKey);
        await w2.StartAsync(Origin, logKey);
        var both = new WitnessQuorum([w1.Key, w2.Key], 2);

        await RegisterAsync(ledger);
        var latest = await ledger.Server.Checkpoints.SignIfGrownAsync();
        Assert.Equal(["witness.test/w1", "witness.test/w2"], both.Verify(latest.Note));
        Assert.Equal(["witness.test/w1", "witness.test/w2"], both.Verify(await ledger.Public.GetStringAsync("log/checkpoint")));
        var (code, output) = await VerifyAsync(ledger.Config.Listen, 2, w1, w2);
        Assert.True(code == 0, output);
        Assert.Contains("cosigned by witness.test/w1, witness.test/w2 (2 of 2 witnesses required)", output, StringComparison.Ordinal);

        // A witness that is down: the log still grows and publishes with the one cosignature it got.
        await w2.StopAsync();
        await RegisterAsync(ledger);
        latest = await ledger.Server.Checkpoints.SignIfGrownAsync();
        Assert.Equal(ledger.Server.Engine.Head.Size, latest.Size);
        Assert.Equal(["witness.test/w1"], new WitnessQuorum([w1.Key, w2.Key], 1).Verify(latest.Note));
        var metrics = await ledger.Public.GetStringAsync("metrics");
        Assert.Contains("dream_witness_up{witness=\"witness.test/w2\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("dream_witness_up{witness=\"witness.test/w1\"} 1", metrics, StringComparison.Ordinal);
        (code, output) = await VerifyAsync(ledger.Config.Listen, 2, w1, w2);
        Assert.True(code == 1, output);
        Assert.Contains("is not witnessed", output, StringComparison.Ordinal);
        (code, output) = await VerifyAsync(ledger.Config.Listen, 1, w1, w2);
        Assert.True(code == 0, output);

        // Back up, it cosigns the latest checkpoint at the next signing: the ledger offers it again.
        await w2.StartAsync(Origin, logKey);
        latest = await ledger.Server.Checkpoints.SignIfGrownAsync();
        Assert.Equal(2, both.Verify(latest.Note).Count);

        // The split view: a copy of the ledger, same key, that goes on with another history and shows it to w1 only.
        await ledger.StopServerAsync();
        using var forkDirectory = new TemporaryDirectory();
        CopyDirectory(ledger.Config.DataDir, forkDirectory.Combine("data"));
        await ledger.StartServerAsync();
        var forkConfig = new LedgerServerConfig
        {
            DataDir = forkDirectory.Combine("data"),
            Listen = $"http://127.0.0.1:{FreePort.Next()}",
            AdminListen = $"http://127.0.0.1:{FreePort.Next()}",
            Mqtt = new MqttConfig { Host = "127.0.0.1", Port = ledger.Broker.Port, ClientId = "fork-" + Guid.NewGuid().ToString("N") },
            CheckpointPeriodSeconds = 0.2,
            WitnessTimeoutSeconds = 300,
            Witnesses = [new() { Url = w1.Url, VerifierKey = w1.Key.VerifierKey }],
        };
        await using var fork = await LedgerServer.StartAsync(forkConfig, logging: _ => { });
        using var forkAdmin = new HttpClient { BaseAddress = new Uri(forkConfig.AdminListen + "/") };
        forkAdmin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fork.AdminToken);

        await RegisterAsync(ledger);
        var genuine = await ledger.Server.Checkpoints.SignIfGrownAsync();
        Assert.Equal(2, both.Verify(genuine.Note).Count);

        // Same size, another root: 409 from w1. Then larger and inconsistent: 422. Never a cosignature.
        await RegisterAsync(forkAdmin);
        var forked = await fork.Checkpoints.SignIfGrownAsync();
        Assert.Equal(genuine.Size, forked.Size);
        Assert.NotEqual(genuine.Root, forked.Root);
        Assert.Empty(new WitnessQuorum([w1.Key, w2.Key], 1).Cosigners(SignedNote.Parse(forked.Note)));
        await RegisterAsync(forkAdmin);
        forked = await fork.Checkpoints.SignIfGrownAsync();
        Assert.Empty(new WitnessQuorum([w1.Key, w2.Key], 1).Cosigners(SignedNote.Parse(forked.Note)));
        Assert.Equal([409, 422], w1.Server!.Store.Evidence().Select(e => e.Status).Distinct().Order());
        Assert.Contains("dream_witness_up{witness=\"witness.test/w1\"} 0", await new HttpClient().GetStringAsync(forkConfig.Listen + "/metrics"), StringComparison.Ordinal);

        // The fork's own signature is valid, so without witnesses it would pass; with them it is refused.
        (code, output) = await VerifyAsync(forkConfig.Listen, 1, w1, w2);
        Assert.True(code == 1, output);
        Assert.Contains("0 valid witness cosignature(s), 1 of 2 required", output, StringComparison.Ordinal);
        (code, output) = await VerifyAsync(ledger.Config.Listen, 2, w1, w2);
        Assert.True(code == 0, output);
    }

    private static async Task RegisterAsync(TestLedger ledger) => await RegisterAsync(ledger.Admin);

    private static async Task RegisterAsync(HttpClient admin)
    {
        using var participant = Ed25519PrivateKey.Generate();
        using var response = await admin.PostAsJsonAsync("admin/v1/participants", new { did = participant.PublicKey.Did, role = "consumer", name = "Participant" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<(int Code, string Output)> VerifyAsync(string url, int threshold, params TestWitness[] witnesses)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await VerifyCommand.RunAsync(
            new VerifyOptions { Url = url, WitnessKeys = [.. witnesses.Select(w => w.Key.VerifierKey)], WitnessThreshold = threshold },
            output,
            error,
            CancellationToken.None);
        return (code, output.ToString() + error);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
