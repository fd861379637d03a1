using System.Text.Json;

namespace Dream.Edge.Tests;

/// <summary>The agent's data directory on a tmpfs filled to the brim: it keeps sampling, alarms, and catches up when space returns.</summary>
public sealed class FullDiskTests
{
    [Fact]
    public async Task On_a_full_disk_the_agent_keeps_sampling_holds_its_intervals_alarms_and_stores_them_exactly_when_space_returns()
    {
        using var disk = await TmpfsMount.MountAsync(2);
        var data = Path.Combine(disk.Path, "data");
        await using var harness = await AgentHarness.StartAsync(data);
        await harness.TickUntilSignedAsync(2);
        await harness.Ledger.WaitForThroughAsync(2, TimeSpan.FromSeconds(20));
        await AgentHarness.WaitUntilAsync(() => File.Exists(Path.Combine(data, "status.json")), "the status file");

        disk.Fill();

        // Sampling goes on; within a few intervals a write fails (SQLite may first use room left in its WAL).
        var ticks = 0;
        while (harness.Agent.Status.Update(s => s.StorageError) is null)
        {
            Assert.True(++ticks < 120, "no write failed on the full disk");
            await harness.TickAsync();
        }

        var lastStored = harness.Agent.Outbox.Head.Sequence;
        for (var i = 0; i < 18; i++)
        {
            await harness.TickAsync();
        }

        // Three more intervals closed and are held in memory; nothing was stored; status and status.json say so.
        Assert.Equal(lastStored, harness.Agent.Outbox.Head.Sequence);
        Assert.InRange(harness.Agent.Status.Update(s => s.Meters[0].UnstoredIntervals), 3, 4);
        await AgentHarness.WaitUntilAsync(
            () => File.ReadAllText(Path.Combine(data, "status.json")).Contains("OUTBOX NOT WRITABLE", StringComparison.Ordinal),
            "the alarm in status.json on the full disk");
        using (var status = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "status.json"))))
        {
            Assert.Contains("disk is full", status.RootElement.GetProperty("storageError").GetString(), StringComparison.Ordinal);
        }

        // Space returns: the next tick stores every held interval, in order, and the alarm clears.
        disk.Free();
        await harness.TickAsync();
        Assert.Null(harness.Agent.Status.Update(s => s.StorageError));
        Assert.Equal(0, harness.Agent.Status.Update(s => s.Meters[0].UnstoredIntervals));
        var head = harness.Agent.Outbox.Head.Sequence;
        Assert.True(head >= lastStored + 3, $"head {head}, last stored before {lastStored}");
        await harness.Ledger.WaitForThroughAsync(head, TimeSpan.FromSeconds(20));
        Assert.Empty(harness.Ledger.Problems);

        // Every minute is one reading; each delta is the register difference; nothing invented, nothing lost.
        var readings = harness.Ledger.Readings.Values.Select(r => r.Reading).OrderBy(r => r.Sequence).ToList();
        for (var i = 1; i < readings.Count; i++)
        {
            Assert.Equal(readings[i - 1].EndMs, readings[i].StartMs);
            Assert.Equal(readings[i].ImportWh - readings[i - 1].ImportWh, readings[i].DeltaImportWh);
            Assert.Equal(6 * 125, readings[i].DeltaImportWh);
        }

        Assert.All(readings, r => Assert.Equal(ReadingQuality.None, r.Flags));
    }
}
