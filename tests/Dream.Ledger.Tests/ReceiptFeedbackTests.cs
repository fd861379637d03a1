namespace Dream.Ledger.Tests;

/// <summary>What a dream.receipt/2 tells the device: its gaps and each of its refused readings.</summary>
public sealed class ReceiptFeedbackTests
{
    [Fact]
    public async Task A_refused_reading_reaches_its_device_with_reason_hash_and_whether_to_retry()
    {
        await using var ledger = await TestLedger.StartAsync();
        var agent = await ledger.AddApprovedAgentAsync();
        var first = agent.Next();
        await agent.PublishAsync(first);
        await agent.WaitForReceiptAsync(1);

        // Reading 2 signs a register below reading 1's: refused for good; reading 3 after it is stored above the gap.
        var wentBack = SignedReading.Create(agent.Draft(importWh: first.Reading.ImportWh - 5), agent.Key);
        var third = SignedReading.Create(agent.Draft(sequence: 3, previous: wentBack.Hash, importWh: first.Reading.ImportWh + 30, startMs: wentBack.Reading.EndMs), agent.Key);
        await agent.PublishAsync(wentBack, third);
        var receipt = await agent.WaitForReceiptAsync(1, r => r.Refused.Count > 0);

        var refused = Assert.Single(receipt.Refused);
        Assert.Equal(2, refused.Sequence);
        Assert.Equal(wentBack.Hash, refused.Hash);
        Assert.Equal("register_went_back", refused.Reason);
        Assert.False(refused.Retry);
        Assert.Contains("below those of reading 1", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(1, receipt.ThroughSequence);
        Assert.Equal(first.Hash, receipt.ThroughHash);
        Assert.Equal(3, receipt.SeenThrough);
        Assert.Equal([new SequenceRange(2, 2)], receipt.Missing);
    }

    [Fact]
    public async Task A_device_without_an_approved_passport_hears_so_with_retry_and_nothing_stored()
    {
        await using var ledger = await TestLedger.StartAsync();
        var agent = new TestAgent(ledger.Owner, TestLedger.PastStartMs(), ledger.Installer);
        await using var _ = agent;
        await ledger.SubmitPassportAsync(agent);
        await agent.ConnectAsync(ledger.Broker.Port, ledger.GridAuthority);

        var early = agent.Next();
        await agent.PublishAsync(early);
        var receipt = await agent.WaitForReceiptAsync(0, r => r.Refused.Count > 0);

        Assert.Equal(0, receipt.ThroughSequence);
        Assert.Equal(IntervalReading.GenesisHash, receipt.ThroughHash);
        Assert.Equal(-1, receipt.LogIndex);
        var refused = Assert.Single(receipt.Refused);
        Assert.Equal(("unknown_device", true, early.Hash), (refused.Reason, refused.Retry, refused.Hash));

        // Once approved, the very same reading is taken.
        await ledger.ApproveAsync(agent.Passport.Id);
        await agent.PublishAsync(early);
        Assert.Equal(early.Hash, (await agent.WaitForReceiptAsync(1)).ThroughHash);
    }

    [Fact]
    public async Task Refusals_beyond_the_receipts_list_are_counted_not_listed()
    {
        await using var ledger = await TestLedger.StartAsync();
        var agent = await ledger.AddApprovedAgentAsync();
        var first = agent.Next();
        await agent.PublishAsync(first);
        await agent.WaitForReceiptAsync(1);

        // 20 conflicting versions of reading 1 in one message: one commit, one receipt, 16 listed and 4 counted.
        var conflicting = Enumerable.Range(0, 20)
            .Select(i => SignedReading.Create(agent.Draft(1, IntervalReading.GenesisHash, 5_000 + i, first.Reading.StartMs), agent.Key))
            .ToArray();
        await agent.PublishAsync(conflicting);
        var receipt = await agent.WaitForReceiptAsync(1, r => r.Refused.Count > 0);

        Assert.Equal(Receipt.MaxRefused, receipt.Refused.Count);
        Assert.Equal(4, receipt.RefusedOmitted);
        Assert.All(receipt.Refused, r => Assert.Equal("conflicting_duplicate", r.Reason));
        Assert.Equal(conflicting.Take(16).Select(c => c.Hash), receipt.Refused.Select(r => r.Hash));
    }
}
