using Dream.Ledger.Audit;
using Dream.Ledger.Server.Hosting;

namespace Dream.Ledger.Tests;

public sealed class CrashTests
{
    [Fact]
    public async Task Kill_9_mid_batch_then_restart_keeps_every_receipted_reading_and_every_signed_checkpoint()
    {
        await using var ledger = await TestLedger.StartAsync();
        var agent = await ledger.AddApprovedAgentAsync();
        await agent.PublishAsync(agent.Next());
        await agent.WaitForReceiptAsync(1);
        await ledger.StopServerAsync();

        // the same data directory, served by the real executable, which we kill -9 while readings stream in
        var configFile = ledger.Directory.Combine("ledger.json");
        await File.WriteAllTextAsync(configFile, ledger.Config.ToJson());
        await using var process = LedgerProcess.Run(configFile);
        try
        {
            var readings = Enumerable.Range(0, 1500).Select(_ => agent.Next()).ToArray();
            var publishing = Task.Run(async () =>
            {
                for (var i = 0; i < readings.Length; i += 3)
                {
                    await agent.PublishAsync(readings[i..(i + 3)]);
                }
            });

            // kill -9 while messages are still arriving and batches are being committed
            var receipted = await agent.WaitForReceiptAsync(30);
            await process.KillAsync();
            await publishing.WaitAsync(TimeSpan.FromSeconds(30));
            receipted = agent.LatestReceipt(receipted);

            // restart in-process: every receipted reading is there, and the log is consistent with every checkpoint it signed
            await ledger.StartServerAsync();
            var tip = ledger.Server.Engine.ReadState(s => s.Chains[agent.Device].Tip);
            Assert.True(tip.Sequence >= receipted.ThroughSequence, $"receipted {receipted.ThroughSequence}, stored {tip.Sequence}");
            var verifierKey = NoteVerifier.Create("ledger.test/dream", ledger.GridAuthority).VerifierKey;
            var report = await LedgerAuditor.AuditAsync(new StoreAuditSource(ledger.Server.Store, verifierKey), null);
            Assert.True(report.Ok, string.Join("\n", report.Problems));
            Assert.True(report.CheckpointsVerified >= 2);

            // the agent resends what was not receipted; the ledger completes the chain
            var resend = readings.Where(r => r.Reading.Sequence > receipted.ThroughSequence).ToArray();
            for (var i = 0; i < resend.Length; i += 50)
            {
                await agent.PublishAsync(resend[i..Math.Min(i + 50, resend.Length)]);
            }

            var final = receipted.ThroughSequence >= 1501 ? receipted : await agent.WaitForReceiptAsync(1501);
            Assert.Equal(readings[^1].Hash, final.ThroughHash);
        }
        finally
        {
            if (!process.HasExited)
            {
                await process.KillAsync();
            }
        }
    }
}
