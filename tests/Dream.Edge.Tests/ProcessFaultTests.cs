using System.Globalization;

namespace Dream.Edge.Tests;

/// <summary>
/// The real dream-agent process against the real meter simulator (dream-agent simulate-meter) and a real
/// Mosquitto, with the test playing the ledger. Time runs accelerated (testing.clockSpeed) so that
/// one-minute intervals close every fraction of a second.
/// </summary>
#pragma warning disable CA1001 // xunit disposes through IAsyncLifetime.DisposeAsync
public sealed class ProcessFaultTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private readonly int _meterPort = FreePort.Next();
    private MosquittoProcess _broker = null!;
    private FakeLedger _ledger = null!;
    private RunningProgram _simulator = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoProcess.StartAsync();
        _ledger = new FakeLedger(_broker.Port);
        await _ledger.StartAsync();
        _simulator = AgentProcess.Start("simulate-meter", "--profile", "eastron-sdm630", "--listen", $"127.0.0.1:{_meterPort}", "--time-scale", "60");
        await AgentProcess.InitAsync(_directory.Combine("data"));
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        await _ledger.DisposeAsync();
        await _broker.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Kill_9_while_publishing_then_restart_loses_repeats_and_changes_nothing()
    {
        var config = WriteConfig(clockSpeed: 60);
        var target = 0L;
        for (var round = 0; round < 3; round++)
        {
            await using var agent = AgentProcess.Start("run", "--config", config);
            target += 3;
            await WaitForLedgerAsync(target, agent);
            await agent.KillAsync();
            target = _ledger.Through;
        }

        await using (var last = AgentProcess.Start("run", "--config", config))
        {
            await WaitForLedgerAsync(target + 2, last);
            await last.KillAsync();
        }

        Assert.Empty(_ledger.Problems);
        var sequences = _ledger.Readings.Keys.Order().ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        var readings = sequences.Select(s => _ledger.Readings[s].Reading).ToList();
        for (var i = 1; i < readings.Count; i++)
        {
            Assert.Equal(readings[i - 1].Device, readings[i].Device);
            Assert.Equal(_ledger.Readings[readings[i - 1].Sequence].Hash, readings[i].PreviousHash);
        }

        // Energy is conserved across the kills: per meter, each delta starts where the previous register ended.
        for (var i = 1; i < readings.Count; i++)
        {
            Assert.Equal(readings[i - 1].ImportWh + readings[i].DeltaImportWh, readings[i].ImportWh);
            Assert.Equal(readings[i - 1].ExportWh + readings[i].DeltaExportWh, readings[i].ExportWh);
            Assert.True(readings[i].StartMs >= readings[i - 1].EndMs, $"reading {readings[i].Sequence} starts before {readings[i - 1].Sequence} ended");
        }

        // The outbox kept exactly the unreceipted tail, byte for byte what the ledger got.
        using var store = OutboxStore.Open(_directory.Combine("data", "outbox.db"));
        foreach (var stored in store.ReadFrom(0, 10_000))
        {
            if (_ledger.Readings.TryGetValue(stored.Sequence, out var seen))
            {
                Assert.Equal(seen.Envelope.ToBytes(), stored.Envelope);
            }
        }
    }

    [Fact]
    public async Task A_long_broker_outage_builds_a_backlog_that_drains_completely_in_batches()
    {
        var config = WriteConfig(clockSpeed: 600);
        await using var agent = AgentProcess.Start("run", "--config", config);
        await WaitForLedgerAsync(2, agent);

        await _broker.StopAsync();
        // Wait (on the agent's own status file) until a real backlog exists while the broker is down.
        var status = _directory.Combine("data", "status.json");
        await WaitUntilAsync(() => OutboxDepth(status) >= 60, "a backlog of 60 readings", agent);
        await _broker.StartAgainAsync();

        await WaitUntilAsync(() => OutboxDepth(status) == 0 && _ledger.Through > 60, "the backlog to drain", agent);
        Assert.Empty(_ledger.Problems);
        var sequences = _ledger.Readings.Keys.Order().ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.True(_ledger.Messages < sequences.Count, $"{_ledger.Messages} messages for {sequences.Count} readings: the backlog was not batched");
        Assert.Contains("Backlog: sent", agent.Output, StringComparison.Ordinal);

        // What an installer sees meanwhile: dream-agent status and outbox export read the running agent's files.
        var statusRun = await ExternalProgram.RunAsync(AgentProcess.Executable, ["status", "--data-dir", _directory.Combine("data"), "--json"], timeout: TimeSpan.FromSeconds(60));
        Assert.Equal(0, statusRun.ExitCode);
        Assert.Contains("\"brokerConnected\": true", statusRun.StandardOutput, StringComparison.Ordinal);
        var table = await ExternalProgram.RunAsync(AgentProcess.Executable, ["status", "--data-dir", _directory.Combine("data")], timeout: TimeSpan.FromSeconds(60));
        Assert.Contains("main", table.StandardOutput, StringComparison.Ordinal);
        var export = await ExternalProgram.RunAsync(AgentProcess.Executable, ["outbox", "export", "--data-dir", _directory.Combine("data")], timeout: TimeSpan.FromSeconds(60));
        Assert.Equal(0, export.ExitCode);
        foreach (var line in export.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.NotNull(Dream.Contracts.SignedReading.Verify(System.Text.Encoding.UTF8.GetBytes(line)));
        }
    }

    private static int OutboxDepth(string statusFile)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(statusFile));
            return document.RootElement.GetProperty("outboxDepth").GetInt32();
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return -1;
        }
    }

    private string WriteConfig(double clockSpeed)
    {
        var path = _directory.Combine("agent.json");
        var passport = new string('d', 64);
        var epoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        File.WriteAllText(path, $$"""
            {"meters":[{"id":"main","uri":"tcp://127.0.0.1:{{_meterPort}}","profile":"eastron-sdm630","samplePeriodSeconds":10,"intervalMinutes":1,"passportId":"{{passport}}"}],
             "broker":{"host":"127.0.0.1","port":{{_broker.Port}},"receiptTimeoutSeconds":60},
             "gridAuthorityKey":"{{_ledger.GridAuthority.PublicKey.Did}}",
             "dataDirectory":"{{_directory.Combine("data")}}",
             "testing":{"clockSpeed":{{clockSpeed.ToString(CultureInfo.InvariantCulture)}},"clockEpochMs":{{epoch}} } }
            """);
        return path;
    }

    private async Task WaitForLedgerAsync(long through, RunningProgram agent) =>
        await WaitUntilAsync(() => _ledger.Through >= through, $"the ledger to hold readings through {through}", agent);

    private Task WaitUntilAsync(Func<bool> condition, string what, RunningProgram agent) =>
        AgentProcess.WaitUntilAsync(condition, what, agent, _ledger, _broker, TimeSpan.FromSeconds(60));
}
