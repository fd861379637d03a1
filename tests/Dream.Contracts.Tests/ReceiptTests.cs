namespace Dream.Contracts.Tests;

public sealed class ReceiptTests
{
    private static readonly string s_hash = new('c', 64);

    [Fact]
    public void A_receipt_verifies_only_against_the_configured_grid_authority()
    {
        using var authority = Samples.Key("grid authority");
        using var impostor = Samples.Key("impostor");
        using var device = Samples.Key("device");
        var receipt = Samples.ReceiptV2(device, s_hash);

        var message = receipt.Sign(authority).ToBytes();

        Assert.Equal(receipt, Receipt.Verify(message, authority.PublicKey));
        Assert.Equal(ContractError.SignerMismatch, Assert.Throws<ContractException>(() => Receipt.Verify(message, impostor.PublicKey)).Error);
        Assert.Equal(ContractError.SignerMismatch, Assert.Throws<ContractException>(() => Receipt.Verify(receipt.Sign(impostor).ToBytes(), authority.PublicKey)).Error);
    }

    [Fact]
    public void Version_2_round_trips_missing_ranges_and_refusals_and_version_1_is_still_read()
    {
        using var device = Samples.Key("device");
        var v2 = Samples.ReceiptV2(device, s_hash);
        var parsed = Receipt.ParsePayload(v2.ToPayload());
        Assert.Equal(v2, parsed);
        Assert.Equal([new SequenceRange(2, 2), new SequenceRange(4, 6)], parsed.Missing);
        Assert.Equal("register_went_back", Assert.Single(parsed.Refused).Reason);

        // The version 1 wire format, byte for byte as ledgers before version 2 wrote it.
        var v1 = Encoding.UTF8.GetBytes($$"""{"type":"dream.receipt/1","device":"{{device.PublicKey.Did}}","throughSeq":42,"throughHash":"{{s_hash}}","logIndex":1234,"issuedAt":{{Samples.IntervalStart}}}""");
        var old = Receipt.ParsePayload(v1);
        Assert.Equal(1, old.Version);
        Assert.Equal(42, old.SeenThrough);
        Assert.Empty(old.Missing);
        Assert.Equal(v1, old.ToPayload());
    }

    [Fact]
    public void Nothing_stored_yet_is_throughSeq_0_with_the_genesis_hash_in_version_2_only()
    {
        using var device = Samples.Key("device");
        var refusal = new RefusedReading(1, s_hash, "unknown_device", "no approved passport", Retry: true);
        var none = new Receipt { Device = device.PublicKey.Did, ThroughSequence = 0, ThroughHash = IntervalReading.GenesisHash, LogIndex = -1, IssuedAtMs = Samples.IntervalStart, Refused = [refusal] };
        Assert.Equal(none, Receipt.ParsePayload(none.ToPayload()));
        Assert.Throws<ContractException>(() => (none with { Version = 1, Refused = [] }).ToPayload());
        Assert.Throws<ContractException>(() => (none with { LogIndex = 0 }).ToPayload());
    }

    public static TheoryData<string, string> BadV2() => new()
    {
        { "missing not right above throughSeq", """ "seenThrough":9,"missing":[{"from":3,"to":4}],"refused":[],"refusedOmitted":0 """ },
        { "missing reaching seenThrough", """ "seenThrough":9,"missing":[{"from":2,"to":9}],"refused":[],"refusedOmitted":0 """ },
        { "overlapping ranges", """ "seenThrough":9,"missing":[{"from":2,"to":4},{"from":4,"to":5}],"refused":[],"refusedOmitted":0 """ },
        { "seenThrough without missing", """ "seenThrough":9,"missing":[],"refused":[],"refusedOmitted":0 """ },
        { "a reason with capitals", $$""" "seenThrough":1,"missing":[],"refused":[{"seq":2,"hash":"{{new string('a', 64)}}","reason":"Broken","detail":"","retry":false}],"refusedOmitted":0 """ },
        { "omitted refusals with room left", """ "seenThrough":1,"missing":[],"refused":[],"refusedOmitted":3 """ },
        { "an unknown field in a range", """ "seenThrough":9,"missing":[{"from":2,"to":4,"x":1}],"refused":[],"refusedOmitted":0 """ },
        { "seventeen ranges", " \"seenThrough\":99,\"missing\":[" + string.Join(',', Enumerable.Range(0, 17).Select(i => $"{{\"from\":{2 + (2 * i)},\"to\":{2 + (2 * i)}}}")) + "],\"refused\":[],\"refusedOmitted\":0 " },
    };

    [Theory]
    [MemberData(nameof(BadV2))]
    public void A_version_2_receipt_that_breaks_a_rule_is_refused(string what, string fields)
    {
        using var device = Samples.Key("device");
        var payload = Encoding.UTF8.GetBytes($$"""{"type":"dream.receipt/2","device":"{{device.PublicKey.Did}}","throughSeq":1,"throughHash":"{{s_hash}}","logIndex":5,"issuedAt":{{Samples.IntervalStart}},{{fields.Trim()}}}""");
        var error = Assert.Throws<ContractException>(() => Receipt.ParsePayload(payload));
        Assert.True(error.Error is ContractError.InvalidValue or ContractError.Oversize or ContractError.ExtraField, what + ": " + error.Error);
    }

    [Theory]
    [InlineData("dream/v1/did:key:z6Mk1/readings", "did:key:z6Mk1")]
    [InlineData("dream/v1/did:key:z6Mk1/receipts", null)]
    [InlineData("dream/v1//readings", null)]
    [InlineData("dream/v1/a/b/readings", null)]
    [InlineData("other/v1/x/readings", null)]
    public void The_device_is_read_from_a_readings_topic(string topic, string? device)
    {
        Assert.Equal(device, Topics.DeviceOfReadingsTopic(topic));
    }
}
