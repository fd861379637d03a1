using Dream.Testing;

namespace Dream.Ledger.Tests.Storage;

/// <summary>The real <c>dream-ledger</c> configured with <c>"postgres"</c>: a real PostgreSQL, a real Mosquitto, signed readings in, receipts out.</summary>
public sealed class PostgresEndToEndTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private static readonly TimeSpan s_exit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_ledger_process_on_PostgreSQL_receipts_readings_keeps_them_across_restarts_verifies_and_refuses_an_altered_log()
    {
        var database = await postgres.Server.CreateDatabaseAsync("ledger");
        await using var ledger = await TestLedger.StartAsync(configure: c => c.Postgres = database);
        var agent = await ledger.AddApprovedAgentAsync();
        await agent.PublishAsync(agent.Next());
        await agent.WaitForReceiptAsync(1);
        await ledger.StopServerAsync();
        Assert.False(File.Exists(Path.Combine(ledger.Config.DataDir, LedgerDataDirectory.DatabaseFileName)), "the log went to ledger.db, not PostgreSQL");
        var configFile = ledger.Directory.Combine("ledger.json");
        await File.WriteAllTextAsync(configFile, ledger.Config.ToJson());

        var readings = Enumerable.Range(0, 20).Select(_ => agent.Next()).ToArray();
        await using (var process = LedgerProcess.Run(configFile))
        {
            await process.WaitForLineAsync("serving on");
            for (var i = 0; i < readings.Length; i += 5)
            {
                await agent.PublishAsync(readings[i..(i + 5)]);
            }

            Assert.Equal(readings[^1].Hash, (await agent.WaitForReceiptAsync(21)).ThroughHash);
            await process.TerminateAsync();
            Assert.Equal(0, await process.WaitForExitAsync(s_exit));
        }

        // Started again, the ledger has the chain: the next reading continues it.
        await using (var process = LedgerProcess.Run(configFile))
        {
            await process.WaitForLineAsync("serving on");
            var next = agent.Next();
            await agent.PublishAsync(next);
            Assert.Equal(next.Hash, (await agent.WaitForReceiptAsync(22)).ThroughHash);
            await process.TerminateAsync();
            Assert.Equal(0, await process.WaitForExitAsync(s_exit));
        }

        await using (var verify = LedgerProcess.Start("dream-ledger.dll", "verify", "--postgres", database))
        {
            Assert.True(await verify.WaitForExitAsync(TimeSpan.FromSeconds(120)) == 0, verify.ToString());
            Assert.Contains("readings:     22 from 1 devices", verify.StandardOutput, StringComparison.Ordinal);
            Assert.EndsWith("VERIFIED", verify.StandardOutput.TrimEnd(), StringComparison.Ordinal);
        }

        // A reading's bytes altered and its leaf recomputed to match: the ledger refuses to start, in one line.
        await PostgresProcess.ExecuteAsync(database, """
            UPDATE entries SET data = convert_to(replace(convert_from(data, 'UTF8'), '"dream":1', '"dream":1 '), 'UTF8') WHERE idx = (SELECT MAX(idx) - 3 FROM entries WHERE kind = 4);
            UPDATE entries SET leaf = sha256('\x00'::bytea || data) WHERE idx = (SELECT MAX(idx) - 3 FROM entries WHERE kind = 4);
            """);
        await using (var refused = LedgerProcess.Run(configFile))
        {
            Assert.True(await refused.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 2, refused.ToString());
            var lines = refused.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1, refused.ToString());
            Assert.StartsWith("error: Refusing to serve the PostgreSQL database 'ledger_", lines[0], StringComparison.Ordinal);
            Assert.Contains("does not match its latest signed checkpoint", lines[0], StringComparison.Ordinal);
            Assert.Contains("dream-ledger verify --postgres", lines[0], StringComparison.Ordinal);
        }
    }
}
