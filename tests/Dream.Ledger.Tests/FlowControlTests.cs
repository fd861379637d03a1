using Dream.Contracts.Broker;

namespace Dream.Ledger.Tests;

/// <summary>The broker holds what arrives while the ledger is away or behind, as configured in the docs.</summary>
public sealed class FlowControlTests
{
    [Fact]
    public void The_test_and_demo_brokers_run_the_flow_control_settings_the_operator_guide_ships()
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "guide-grid-authority.md"));
        foreach (var line in MosquittoFiles.FlowControl.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Contains("\n" + line + "\n", guide, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Readings_sent_while_the_ledger_is_away_wait_in_its_broker_session_far_beyond_mosquittos_default_queue()
    {
        await using var ledger = await TestLedger.StartAsync();
        var agents = new List<TestAgent>();
        for (var i = 0; i < 4; i++)
        {
            agents.Add(await ledger.AddApprovedAgentAsync());
        }

        // The ledger goes away; its persistent session stays at the broker and queues 6,000 readings (the default queue
        // holds 1,000). On its return they arrive ahead of the SUBACK, six times what its MQTT client buffers: the
        // ingest pump must already be taking them (it once started after the SUBACK and waited for ever).
        await ledger.StopServerAsync();
        const int PerAgent = 1500;
        await Task.WhenAll(agents.Select(async agent =>
        {
            var readings = Enumerable.Range(0, PerAgent).Select(_ => agent.Next()).ToArray();
            foreach (var chunk in readings.Chunk(100))
            {
                await Task.WhenAll(chunk.Select(r => agent.PublishAsync(r)));
            }
        }));

        await ledger.StartServerAsync();
        foreach (var agent in agents)
        {
            var receipt = await agent.WaitForReceiptAsync(PerAgent);
            Assert.Empty(receipt.Missing);
        }

        Assert.Equal(4L * PerAgent, ledger.Server.Engine.ReadState(s => s.ReadingCount));
        Assert.DoesNotContain("dropped", ledger.Broker.Log, StringComparison.OrdinalIgnoreCase);
    }
}
