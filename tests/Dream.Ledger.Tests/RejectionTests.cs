using Dream.Ledger.State;

namespace Dream.Ledger.Tests;

public sealed class RejectionTests
{
    [Fact]
    public async Task Each_bad_input_is_quarantined_with_its_reason_and_nothing_of_it_is_logged()
    {
        await using var ledger = await TestLedger.StartAsync();
        var agent = await ledger.AddApprovedAgentAsync();
        var revoked = await ledger.AddApprovedAgentAsync();
        await ledger.RevokeAsync(revoked.Passport.Id, "meter replaced");
        var stranger = new TestAgent(ledger.Owner, TestLedger.PastStartMs());
        var metrics = ledger.Server.Engine.Metrics;

        // each bad input is followed by a good reading: its receipt proves the bad one was processed (ingest is in order)
        async Task Sentinel()
        {
            var good = agent.Next();
            await agent.PublishAsync(good);
            await agent.WaitForReceiptAsync(good.Reading.Sequence);
        }

        await Sentinel();
        var sizeBefore = ledger.Server.Engine.Head.Size;

        // bad signature: the device's DID over someone else's signature
        var draft = SignedReading.Create(agent.Draft(), agent.Key);
        using (var other = Ed25519PrivateKey.Generate())
        {
            var forged = $$"""{"dream":1,"payload":"{{Convert.ToBase64String(draft.Envelope.Payload.Span)}}","signatures":[{"signer":"{{agent.Device}}","sig":"{{Convert.ToBase64String(other.Sign(draft.Envelope.Payload.Span))}}"}]}""";
            await agent.PublishRawAsync(Encoding.UTF8.GetBytes(forged));
        }

        await Sentinel();

        // unknown device
        await agent.PublishRawAsync(stranger.Next().Envelope.ToBytes(), Topics.Readings(stranger.Device));
        await Sentinel();

        // revoked device
        await agent.PublishRawAsync(revoked.Next().Envelope.ToBytes(), Topics.Readings(revoked.Device));
        await Sentinel();

        // a different reading under a known sequence number: tamper evidence
        var conflicting = SignedReading.Create(agent.Draft(1, IntervalReading.GenesisHash, 999_999, TestLedger.PastStartMs()), agent.Key);
        await agent.PublishAsync(conflicting);
        await Sentinel();

        // malformed JSON
        await agent.PublishRawAsync("{\"dream\":1,"u8.ToArray());
        await Sentinel();

        // oversize: a well-formed envelope object above 16 KiB
        await agent.PublishRawAsync(Encoding.UTF8.GetBytes($$"""{"dream":1,"payload":"{{new string('A', 20_000)}}","signatures":[]}"""));
        await Sentinel();

        // an interval in the future beyond the allowed skew
        var future = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / TestAgent.Interval + 4) * TestAgent.Interval;
        await agent.PublishAsync(SignedReading.Create(agent.Draft(startMs: future), agent.Key));
        await Sentinel();

        // a reading published on another device's topic
        await agent.PublishRawAsync(SignedReading.Create(agent.Draft(), agent.Key).Envelope.ToBytes(), Topics.Readings(revoked.Device));
        await Sentinel();

        // a delta that is not the rise of its register since the previous reading
        await agent.PublishAsync(SignedReading.Create(agent.Draft() with { DeltaImportWh = 11 }, agent.Key));
        await Sentinel();

        // more export in 15 minutes than the metering point's 69 kW rating allows
        await agent.PublishAsync(SignedReading.Create(agent.Draft() with { ExportWh = 5_000_000_000, DeltaExportWh = 5_000_000_000 }, agent.Key));
        await Sentinel();

        var quarantine = await ledger.Server.Store.QuarantineAsync(100);
        var reasons = quarantine.Select(q => q.Reason).ToHashSet();
        foreach (var expected in new[] { RejectReason.BadSignature, RejectReason.UnknownDevice, RejectReason.RevokedDevice, RejectReason.ConflictingDuplicate, RejectReason.Malformed, RejectReason.Oversize, RejectReason.FutureInterval, RejectReason.TopicMismatch, RejectReason.DeltaMismatch, RejectReason.ImplausibleEnergy })
        {
            Assert.Contains(RejectReasons.Name(expected), reasons);
            Assert.True(metrics.Rejected(expected) >= 1, RejectReasons.Name(expected));
        }

        Assert.Contains("tamper evidence", quarantine.Single(q => q.Reason == "conflicting_duplicate").Detail, StringComparison.Ordinal);

        Assert.Contains("since reading", quarantine.Single(q => q.Reason == "delta_mismatch").Detail, StringComparison.Ordinal);
        Assert.Contains("a 69000 W metering point measures at most", quarantine.Single(q => q.Reason == "implausible_energy").Detail, StringComparison.Ordinal);

        // only the ten sentinels were logged
        Assert.Equal(sizeBefore + 10, ledger.Server.Engine.Head.Size);
        Assert.Equal(agent.Sequence, ledger.Server.Engine.ReadState(s => s.ReadingCount));
    }

    [Fact]
    public async Task An_exact_duplicate_is_receipted_again_and_stored_once()
    {
        await using var ledger = await TestLedger.StartAsync();
        var agent = await ledger.AddApprovedAgentAsync();
        var first = agent.Next();
        var second = agent.Next();
        await agent.PublishAsync(first, second);
        await agent.WaitForReceiptAsync(2);
        var size = ledger.Server.Engine.Head.Size;

        await agent.PublishAsync(first);
        var again = await agent.WaitForReceiptAsync(2);
        Assert.Equal(second.Hash, again.ThroughHash);
        Assert.Equal(size, ledger.Server.Engine.Head.Size);
        Assert.Equal(1, ledger.Server.Engine.Metrics.Duplicates);
        Assert.Empty(await ledger.Server.Store.QuarantineAsync(10));
    }
}
