using Dream.Contracts.Http;
using Dream.Ledger.Audit;
using Dream.Ledger.Server.Cli;
using Dream.Transparency.Checkpoints;
using Dream.Transparency.Merkle;

namespace Dream.Ledger.Tests;

public sealed class EndToEndTests
{
    [Fact]
    public async Task Readings_flow_to_the_log_and_come_back_as_signed_receipts_and_provable_entries()
    {
        await using var ledger = await TestLedger.StartAsync();
        var agent = await ledger.AddApprovedAgentAsync();
        var readings = Enumerable.Range(0, 20).Select(_ => agent.Next()).ToArray();
        await agent.PublishAsync(readings[..5]);
        foreach (var reading in readings[5..])
        {
            await agent.PublishAsync(reading);
        }

        var receipt = await agent.WaitForReceiptAsync(20);
        Assert.Equal(agent.Device, receipt.Device);
        Assert.Equal(20, receipt.ThroughSequence);
        Assert.Equal(readings[^1].Hash, receipt.ThroughHash);

        // entries: GA participant, installer participant, approved passport, 20 readings
        Assert.Equal(23, ledger.Server.Engine.Head.Size);
        Assert.Equal(22, receipt.LogIndex);
        Assert.Empty(receipt.Missing);
        Assert.Empty(receipt.Refused);
        var checkpoint = await ledger.Server.Checkpoints.SignIfGrownAsync();
        Assert.Equal(23, checkpoint.Size);

        // the public checkpoint verifies with the public key, and every reading's inclusion proof against it
        var key = await ledger.Public.GetStringAsync("log/key");
        var verifier = CheckpointVerifier.FromVerifierKey("ledger.test/dream", key.Trim());
        var signed = verifier.Verify(await ledger.Public.GetStringAsync("log/checkpoint"));
        Assert.Equal(23, signed.Size);
        for (var i = 0; i < readings.Length; i++)
        {
            var proof = await ledger.Public.GetFromJsonAsync<JsonElement>($"log/proof/inclusion?index={i + 3}&size={signed.Size}");
            var leaf = Rfc6962.HashLeaf(readings[i].Envelope.ToBytes());
            Assert.Equal(leaf.ToBase64(), proof.GetProperty("leafHash").GetString());
            MerkleProofVerifier.VerifyInclusion(i + 3, signed.Size, leaf, [.. proof.GetProperty("hashes").EnumerateArray().Select(h => Sha256Hash.FromBase64(h.GetString()!))], signed.RootHash);
        }

        // a consistency proof from an earlier size
        var consistency = await ledger.Public.GetFromJsonAsync<JsonElement>($"log/proof/consistency?from=7&to={signed.Size}");
        var root7 = await MerkleProofs.RootAsync(ledger.Server.Store, 7);
        MerkleProofVerifier.VerifyConsistency(7, signed.Size, [.. consistency.GetProperty("hashes").EnumerateArray().Select(h => Sha256Hash.FromBase64(h.GetString()!))], root7, signed.RootHash);

        // privacy: anonymous requests see the leaf hash only; the owner sees the reading
        var anonymous = await ledger.Public.GetFromJsonAsync<JsonElement>("log/entries/5");
        Assert.Equal(JsonValueKind.Null, anonymous.GetProperty("entry").ValueKind);
        using var request = new HttpRequestMessage(HttpMethod.Get, "log/entries/5");
        SignedRequest.AddHeaders(request, ledger.Owner, "/log/entries/5", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        using var response = await ledger.Public.SendAsync(request);
        var owned = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(readings[2].Envelope.ToBytes(), Convert.FromBase64String(owned.GetProperty("entry").GetString()!));

        // the auditor: the whole data directory replays and matches every checkpoint
        var report = await LedgerAuditor.AuditAsync(new StoreAuditSource(ledger.Server.Store, key.Trim()), null);
        Assert.True(report.Ok, string.Join("\n", report.Problems));
        Assert.Equal(20, report.State!.ReadingCount);
        Assert.Equal(0, report.Withheld);

        // over HTTP without a key, readings are withheld but the tree still checks out
        using var http = new HttpClient { BaseAddress = ledger.Public.BaseAddress };
        var remote = await LedgerAuditor.AuditAsync(new HttpAuditSource(http, null), null);
        Assert.True(remote.Ok, string.Join("\n", remote.Problems));
        Assert.Equal(23, remote.Withheld); // anonymous: every entry withheld, registry ones too

        var openApi = await ledger.Public.GetFromJsonAsync<JsonElement>("openapi.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/log/proof/inclusion", out _));
        Assert.Equal("ok\n", await ledger.Public.GetStringAsync("healthz"));

        var metrics = await ledger.Public.GetStringAsync("metrics");
        Assert.Contains("dream_ledger_readings_accepted_total 20", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gap_is_stored_and_reported_and_the_receipt_waits_until_it_is_filled()
    {
        // Independent of batch boundaries: receipts of batches committed while the signer is busy are merged,
        // so the test waits for the log to hold r3 rather than for a second receipt.
        await using var ledger = await TestLedger.StartAsync();
        var agent = await ledger.AddApprovedAgentAsync();
        var r1 = agent.Next();
        var r2 = agent.Next();
        var r3 = agent.Next();
        await agent.PublishAsync(r1);
        await agent.PublishAsync(r3);

        // However the receipts of the two commits are merged, one names 2 as missing below 3, and none covers more than 1.
        var second = await agent.WaitForReceiptAsync(1, r => r.SeenThrough == 3);
        Assert.Equal(1, second.ThroughSequence);
        Assert.Equal(r1.Hash, second.ThroughHash);
        Assert.Equal([new SequenceRange(2, 2)], second.Missing);
        var gaps = ledger.Server.Engine.ReadState(s => s.Chains[agent.Device].Gaps().ToList());
        Assert.Equal([(2L, 2L)], gaps);
        while (agent.TryTakeReceipt(out var later))
        {
            Assert.Equal(1, later!.ThroughSequence); // r3 stored, but 2 is missing
        }

        await agent.PublishAsync(r2);
        var filled = await agent.WaitForReceiptAsync(3);
        Assert.Equal(r3.Hash, filled.ThroughHash);
        Assert.Empty(ledger.Server.Engine.ReadState(s => s.Chains[agent.Device].Gaps().ToList()));
    }
}
