using Dream.Ledger.Audit;
using Dream.Ledger.Server.Hosting;

namespace Dream.Ledger.Tests;

/// <summary>
/// SIGTERM to the real executable in every state ends it well inside systemd's TimeoutStopSec=30: the test
/// allows 10 s, and nothing a receipt covered is lost.
/// </summary>
public sealed class ShutdownTests
{
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Sigterm_while_the_broker_is_unreachable_exits_at_once()
    {
        using var temp = new TemporaryDirectory();
        var config = new LedgerServerConfig
        {
            DataDir = temp.Combine("data"),
            Listen = $"http://127.0.0.1:{FreePort.Next()}",
            AdminListen = $"http://127.0.0.1:{FreePort.Next()}",
            Mqtt = new MqttConfig { Host = "127.0.0.1", Port = FreePort.Next() },
        };
        await LedgerDataDirectory.InitializeAsync(config.DataDir, "ledger.test/dream", "Test Grid Authority", TimeProvider.System);
        var configFile = temp.Combine("ledger.json");
        await File.WriteAllTextAsync(configFile, config.ToJson());

        await using var process = LedgerProcess.Run(configFile);
        await process.WaitForLineAsync("MQTT connect attempt 2 to 127.0.0.1:");
        await process.TerminateAsync();
        Assert.Equal(0, await process.WaitForExitAsync(StopLimit));
        Assert.DoesNotContain("   at ", process.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_while_the_disk_is_full_exits_and_keeps_what_was_receipted()
    {
        using var disk = await TmpfsMount.MountAsync(4);
        await using var ledger = await TestLedger.StartAsync(dataDir: disk.Combine("data"));
        var agent = await ledger.AddApprovedAgentAsync();
        await agent.PublishAsync(agent.Next());
        await agent.WaitForReceiptAsync(1);
        await ledger.StopServerAsync();
        var configFile = ledger.Directory.Combine("ledger.json");
        await File.WriteAllTextAsync(configFile, ledger.Config.ToJson());

        await using (var process = LedgerProcess.Run(configFile))
        {
            await process.WaitForLineAsync("serving on");
            disk.Fill();
            await agent.PublishAsync(agent.Next());
            await process.WaitForLineAsync("Store fault disk_full");
            await process.TerminateAsync();
            Assert.Equal(0, await process.WaitForExitAsync(StopLimit));
            Assert.DoesNotContain("   at ", process.StandardError + process.StandardOutput, StringComparison.Ordinal);
        }

        disk.Free();
        await ledger.StartServerAsync();
        Assert.True(ledger.Server.Engine.ReadState(s => s.Chains[agent.Device].Tip.Sequence) >= 1);
        await AssertVerifiesAsync(ledger);
    }

    [Fact]
    public async Task Sigterm_mid_batch_exits_and_keeps_every_receipted_reading()
    {
        await using var ledger = await TestLedger.StartAsync();
        var agent = await ledger.AddApprovedAgentAsync();
        await ledger.StopServerAsync();
        var configFile = ledger.Directory.Combine("ledger.json");
        await File.WriteAllTextAsync(configFile, ledger.Config.ToJson());
        var readings = Enumerable.Range(0, 3000).Select(_ => agent.Next()).ToArray();

        Receipt receipted;
        await using (var process = LedgerProcess.Run(configFile))
        {
            await process.WaitForLineAsync("serving on");
            using var publishing = new CancellationTokenSource();
            var publisher = Task.Run(async () =>
            {
                for (var i = 0; i < readings.Length && !publishing.IsCancellationRequested; i += 3)
                {
                    await agent.PublishAsync(readings[i..(i + 3)]);
                }
            });

            // SIGTERM while messages still arrive and batches are being committed
            receipted = await agent.WaitForReceiptAsync(60);
            await process.TerminateAsync();
            Assert.Equal(0, await process.WaitForExitAsync(StopLimit));
            Assert.DoesNotContain("   at ", process.StandardError + process.StandardOutput, StringComparison.Ordinal);
            await publishing.CancelAsync();
            await publisher.WaitAsync(TimeSpan.FromSeconds(30));
        }

        receipted = agent.LatestReceipt(receipted);

        await ledger.StartServerAsync();
        var tip = ledger.Server.Engine.ReadState(s => s.Chains[agent.Device].Tip);
        Assert.True(tip.Sequence >= receipted.ThroughSequence, $"receipted {receipted.ThroughSequence}, stored {tip.Sequence}");
        await AssertVerifiesAsync(ledger);
    }

    private static async Task AssertVerifiesAsync(TestLedger ledger)
    {
        var verifierKey = NoteVerifier.Create("ledger.test/dream", ledger.GridAuthority).VerifierKey;
        var report = await LedgerAuditor.AuditAsync(new StoreAuditSource(ledger.Server.Store, verifierKey), null);
        Assert.True(report.Ok, string.Join("\n", report.Problems));
    }
}
