using Dream.Edge.Publishing;

namespace Dream.Edge.Tests;

/// <summary>What the agent does with a dream.receipt/2: resend what is missing at once, pace a timeout's resend, keep a refusal.</summary>
public sealed class ReceiptResendTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_reading_lost_on_its_way_is_resent_as_soon_as_a_receipt_names_it_missing_not_at_the_timeout()
    {
        await using var harness = await AgentHarness.StartAsync(_directory.Combine("data"), receiptTimeoutSeconds: 300);
        harness.Ledger.LoseOnce(2);

        await harness.TickUntilSignedAsync(3);
        var stoppedAt = harness.Time.GetUtcNow();

        // The clock stands still from here: no timer can fire, only reading 3's receipt ("2 is missing") can bring 2 back.
        await harness.Ledger.WaitForThroughAsync(3, TimeSpan.FromSeconds(20));
        Assert.Equal(2, harness.Ledger.Arrivals(2));
        Assert.Equal(1, harness.Ledger.Arrivals(3));
        Assert.True(stoppedAt - AgentHarness.T0 < TimeSpan.FromSeconds(300), "the receipt timeout never came into it");
        await AgentHarness.WaitUntilAsync(() => harness.Agent.Outbox.Count == 0, "the receipt through 3 to empty the outbox");
        Assert.Empty(harness.Ledger.Problems);
    }

    [Fact]
    public async Task A_refused_reading_is_shown_kept_and_never_resent_while_later_readings_reach_the_ledger()
    {
        await using var harness = await AgentHarness.StartAsync(_directory.Combine("data"), receiptTimeoutSeconds: 20);
        harness.Ledger.RefuseForGood(2, "register_went_back");

        await harness.TickUntilSignedAsync(2);
        await AgentHarness.WaitUntilAsync(() => harness.Agent.Status.Update(s => s.Refusals.Count) == 1, "the refusal in the status");

        // Readings 3-7 are stored above the gap; a minute each, three receipt timeouts apart: nothing is resent.
        for (var sequence = 3; sequence <= 7; sequence++)
        {
            await harness.TickUntilSignedAsync(sequence);
            await AgentHarness.WaitUntilAsync(() => harness.Agent.Status.Update(s => s.LedgerSeenThrough) == sequence, $"the receipt that has seen {sequence}");
        }

        for (var i = 0; i < 12; i++)
        {
            await harness.TickAsync();
        }

        await AgentHarness.WaitUntilAsync(() => harness.Ledger.Readings.ContainsKey(9), "reading 9 at the ledger");
        var refusal = Assert.Single(harness.Agent.Status.Update(s => s.Refusals.ToList()));
        Assert.Equal((2L, "register_went_back", false), (refusal.Sequence, refusal.Reason, refusal.Retry));
        Assert.Equal(1, harness.Ledger.Arrivals(2));
        Assert.Equal(1, harness.Ledger.Arrivals(3));
        Assert.Equal(1, harness.Ledger.Through);
        Assert.Equal(2, harness.Agent.Outbox.Oldest!.Value.Sequence);
        Assert.Equal(2, Assert.Single(harness.Agent.Outbox.Refusals()).Sequence);
        await AgentHarness.WaitUntilAsync(() => harness.Agent.Status.Update(s => s.Alarms.Any(a => a.StartsWith("READING 2 REFUSED", StringComparison.Ordinal))), "the alarm");
    }

    [Fact]
    public async Task A_receipt_timeout_resends_what_no_receipt_covers_a_few_readings_a_second()
    {
        await using var harness = await AgentHarness.StartAsync(_directory.Combine("data"), receiptTimeoutSeconds: 3600);
        var paced = Channel.CreateUnbounded<PublishedBatch>();
        harness.Agent.Published += batch =>
        {
            if (batch.Kind == PublishKind.Paced)
            {
                paced.Writer.TryWrite(batch);
            }
        };
        harness.Ledger.SendReceipts = false;
        await harness.TickUntilSignedAsync(25);
        await AgentHarness.WaitUntilAsync(() => harness.Ledger.Arrivals(25) == 1, "25 readings at the ledger");
        Assert.False(paced.Reader.TryRead(out _));

        // The hour without a receipt passes (the meter goes on meanwhile); then the clock moves a second at a time.
        harness.Time.Advance(TimeSpan.FromMinutes(40));
        // However fast the clock is moved, the agent may not send sooner than its pace: that is what is asserted below.
        var batches = new List<PublishedBatch>();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (batches.Count == 0 || batches[^1].Last < 25)
        {
            limit.Token.ThrowIfCancellationRequested();
            if (paced.Reader.TryRead(out var batch))
            {
                batches.Add(batch);
                continue;
            }

            harness.Time.Advance(ReadingPublisher.ResendPace);
            using var step = CancellationTokenSource.CreateLinkedTokenSource(limit.Token);
            step.CancelAfter(TimeSpan.FromMilliseconds(250));
            await paced.Reader.WaitToReadAsync(step.Token).AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
        }

        // Oldest first, at most 10 readings a message, a pace apart on the agent's clock: 1-10, 11-20, 21-30.
        Assert.Equal([1L, 11L, 21L], batches.Take(3).Select(b => b.First));
        Assert.All(batches, b => Assert.True(b.Count <= ReadingPublisher.PacedBatch));
        for (var i = 1; i < batches.Count; i++)
        {
            Assert.True(batches[i].At - batches[i - 1].At >= ReadingPublisher.ResendPace, $"batch {i} came {batches[i].At - batches[i - 1].At} after the one before");
        }

        await AgentHarness.WaitUntilAsync(() => Enumerable.Range(1, 25).All(s => harness.Ledger.Arrivals(s) == 2), "each of 1-25 once more at the ledger");
    }
}
