namespace Dream.Market.Tests;

/// <summary>
/// A log written before contract-template/2 and settle/2 existed (TestData/market-log-v1.jsonl, made by commit
/// a8636ee with fixed keys): tariff, two contract-template/1 entries, credits, a promise, an auction, a bid, the
/// end and an automatic settle/1. It must replay as it is, to the state hash the old code computed, and its
/// contracts must render to the text and hash their signers signed. It is a market-only log, written against a
/// test registry (its promise names the metering point SHA-256 of the meter's key, which no approved passport
/// can have), so it is replayed here with the calls the ledger's replay makes for each market entry
/// (<c>MarketEntries.Replay</c>: parse with every signature, then <see cref="MarketRules.TryApply"/>); the
/// old formats in a ledger's own log are rebuilt through <c>LedgerEngine.RebuildAsync</c> in
/// Dream.Ledger.Tests (CommitterTests).
/// </summary>
public sealed class LegacyLogTests
{
    private const string OldStateHash = "859ae35d33105949576f65441a95974547715b24c41de994b5b235d429e41de9";
    private const string OldPromiseContract = "94dc205856bb8fc21685c68920fa8fa472b0e02579865ce694b9c544bdaeba9a";
    private const string OldAuctionContract = "260005228f2f98bd6d584c49267eaea1cd63b2ec1a7702d501a6b361b1945fba";

    [Fact]
    public void An_old_log_replays_to_the_same_state_and_its_contracts_keep_their_text_and_hash()
    {
        var (state, entries) = Replay();

        Assert.Equal(OldStateHash, state.ComputeHash());
        Assert.Equal(10, entries.Count);
        Assert.Equal(PayloadTypes.ContractTemplate, entries[1].Payload.Type);
        Assert.Equal(1, state.Template(ContractKind.Promise, 1)!.FormatVersion);
        Assert.Equal(PayloadTypes.Settle, entries[9].Payload.Type);
        foreach (var entry in entries)
        {
            // What the parser accepts, the writer writes back byte for byte: the entry's id does not change.
            Assert.Equal(entry.Envelope.Payload.ToArray(), entry.Payload.ToPayload());
        }

        var promise = (PromiseCreatePayload)entries[5].Payload;
        var text = ContractRenderer.RenderPromise(state.Template(ContractKind.Promise, 1)!, promise, state.Tariff(1)!);
        Assert.Equal(OldPromiseContract, promise.Contract);
        Assert.Equal(OldPromiseContract, ContractRenderer.Hash(text));
        Assert.Contains("Deposit 600 EUR (tariff 1: 300/kWh, fee 10/kWh, grace 7200000 ms; template 1)", text, StringComparison.Ordinal);
        var auction = (AuctionCreatePayload)entries[6].Payload;
        Assert.Equal(OldAuctionContract, ContractRenderer.Hash(ContractRenderer.RenderAuction(state.Template(ContractKind.Auction, 1)!, auction, "EUR")));
    }

    [Fact]
    public void A_template_1_renders_minor_units_exactly_as_before_and_a_template_2_the_same_parameters_in_currency_units()
    {
        const string did = "did:key:z6MkkjGKSmkpM41kUoVJStMMFkDivYBgbKbbF5LWABYLacvF";
        const string text = "{{supplier}} promises {{amountWh}} Wh from {{startUtc}} to {{endUtc}} through {{passport}}. Deposit {{deposit}} {{currency}} (tariff {{tariffVersion}}: {{penaltyPerKwh}}/kWh, fee {{gridFeePerKwh}}/kWh, grace {{graceMs}} ms; template {{templateVersion}}).";
        var tariff = new TariffPayload { Version = 1, Currency = "EUR", PenaltyPerKwh = 300, GridFeePerKwh = 10, MinWh = 100, MaxWh = 1_000_000, GraceMs = 7_200_000, AtMs = 1_800_000_000_000 };
        var promise = new PromiseCreatePayload { Supplier = did, Passport = new string('a', 64), AmountWh = 2000, StartMs = 1_800_003_600_000, EndMs = 1_800_007_200_000, Tariff = 1, Deposit = 600, Template = 1, Contract = new string('0', 64), AtMs = 1_800_000_000_000 };
        var v1 = new ContractTemplatePayload { Kind = ContractKind.Promise, Version = 1, Text = text, FormatVersion = 1, AtMs = 1_800_000_000_000 };

        // Text and hash as the code before contract-template/2 rendered them (commit a8636ee).
        var old = ContractRenderer.RenderPromise(v1, promise, tariff);
        Assert.Equal($"{did} promises 2000 Wh from 2027-01-15T09:00:00.000Z to 2027-01-15T10:00:00.000Z through {new string('a', 64)}. Deposit 600 EUR (tariff 1: 300/kWh, fee 10/kWh, grace 7200000 ms; template 1).", old);
        Assert.Equal("d8b325a279c322b5ed3c3317e9453d0e877edd43e918f4eaa3f10a0fdf19d2ac", ContractRenderer.Hash(old));
        Assert.Equal(
            "eyJ0eXBlIjoiZHJlYW0ubWFya2V0LmNvbnRyYWN0LXRlbXBsYXRlLzEiLCJraW5kIjoicHJvbWlzZSIsInZlcnNpb24iOjEsInRleHQiOiJ7e3N1cHBsaWVyfX0gcHJvbWlzZXMge3thbW91bnRXaH19IFdoIGZyb20ge3tzdGFydFV0Y319IHRvIHt7ZW5kVXRjfX0gdGhyb3VnaCB7e3Bhc3Nwb3J0fX0uIERlcG9zaXQge3tkZXBvc2l0fX0ge3tjdXJyZW5jeX19ICh0YXJpZmYge3t0YXJpZmZWZXJzaW9ufX06IHt7cGVuYWx0eVBlckt3aH19L2tXaCwgZmVlIHt7Z3JpZEZlZVBlckt3aH19L2tXaCwgZ3JhY2Uge3tncmFjZU1zfX0gbXM7IHRlbXBsYXRlIHt7dGVtcGxhdGVWZXJzaW9ufX0pLiIsImF0IjoxODAwMDAwMDAwMDAwfQ==",
            Convert.ToBase64String(v1.ToPayload()));

        var v2 = v1 with { Version = 2, FormatVersion = 2, Text = "Deposit {{deposit}}; penalty {{penaltyPerKwh}} per kWh, fee {{gridFeePerKwh}} per kWh." };
        Assert.StartsWith("{\"type\":\"dream.market.contract-template/2\",", Encoding.UTF8.GetString(v2.ToPayload()), StringComparison.Ordinal);
        Assert.Equal("Deposit 6.00 EUR; penalty 3.00 EUR per kWh, fee 0.10 EUR per kWh.", ContractRenderer.RenderPromise(v2, promise, tariff));
        var auction = new AuctionCreatePayload { Promise = new string('b', 64), Owner = did, BasePrice = 60, DeadlineMs = 1_800_003_000_000, Template = 1, Contract = new string('0', 64), AtMs = 1_800_000_000_000 };
        var auctionV2 = new ContractTemplatePayload { Kind = ContractKind.Auction, Version = 2, Text = "above {{basePrice}}", AtMs = 0 };
        Assert.Equal("above 0.60 EUR", ContractRenderer.RenderAuction(auctionV2, auction, "EUR"));
        Assert.Equal("above 60 JPY", ContractRenderer.RenderAuction(auctionV2, auction, "JPY"));
        Assert.Equal("above 0.060 KWD", ContractRenderer.RenderAuction(auctionV2, auction, "KWD"));
    }

    [Fact]
    public void After_a_template_2_new_contracts_use_it_and_the_old_contracts_still_render_as_signed()
    {
        var (state, entries) = Replay();
        using var ga = Key(1);
        using var producer = Key(3);
        using var meter = Key(5);
        var context = Context();
        var next = new ContractTemplatePayload { Kind = ContractKind.Promise, Version = 2, Text = "{{supplier}} promises {{amountWh}} Wh; deposit {{deposit}}.", AtMs = 1_800_000_000_000 + 10 };
        Assert.Null(MarketRules.TryApply(state, MarketTransaction.Create(next, ga), context));

        var tariff = state.CurrentTariff!;
        var draft = new PromiseCreatePayload
        {
            Supplier = producer.PublicKey.Did,
            Passport = Hex.Sha256(meter.PublicKey.Bytes),
            AmountWh = 1000,
            StartMs = 1_800_000_000_000 + (6 * 3_600_000),
            EndMs = 1_800_000_000_000 + (7 * 3_600_000),
            Tariff = 1,
            Deposit = 300,
            Template = 2,
            Contract = new string('0', 64),
            AtMs = 1_800_000_000_000 + 20,
        };
        var newText = ContractRenderer.RenderPromise(state.Template(ContractKind.Promise, 2)!, draft, tariff);
        Assert.EndsWith("promises 1000 Wh; deposit 3.00 EUR.", newText, StringComparison.Ordinal);

        // Signing the minor-unit rendering under template 2 does not pass: the ledger renders what template 2 says.
        var asIfOld = ContractRenderer.Hash(newText.Replace("3.00 EUR", "300", StringComparison.Ordinal));
        Assert.Equal(MarketError.ContractMismatch, MarketRules.Validate(state, MarketTransaction.Create(draft with { Contract = asIfOld }, producer).Countersign(ga), context)!.Error);
        Assert.Null(MarketRules.TryApply(state, MarketTransaction.Create(draft with { Contract = ContractRenderer.Hash(newText) }, producer).Countersign(ga), context));

        var old = (PromiseCreatePayload)entries[5].Payload;
        Assert.Equal(OldPromiseContract, ContractRenderer.Hash(ContractRenderer.RenderPromise(state.Template(ContractKind.Promise, old.Template)!, old, state.Tariff(old.Tariff)!)));
    }

    private static (MarketState State, List<MarketTransaction> Entries) Replay()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "market-log-v1.jsonl"));
        var entries = lines.Select(l => MarketTransaction.Parse(Encoding.UTF8.GetBytes(l))).ToList();
        var state = new MarketState();
        var context = Context();
        for (var i = 0; i < entries.Count; i++)
        {
            var violation = MarketRules.TryApply(state, entries[i], context);
            Assert.True(violation is null, $"Logged entry {i} ({entries[i].Payload.Type}) does not replay: {violation}");
        }

        return (state, entries);
    }

    private static MarketContext Context()
    {
        using var ga = Key(1);
        using var powerCompany = Key(2);
        using var producer = Key(3);
        using var consumer = Key(4);
        using var meter = Key(5);
        var registry = new TestRegistry(ga.PublicKey.Did, powerCompany.PublicKey.Did);
        registry.Register(producer.PublicKey.Did, ParticipantRole.Producer);
        registry.Register(consumer.PublicKey.Did, ParticipantRole.Consumer);
        var passport = Hex.Sha256(meter.PublicKey.Bytes);
        registry.AddMeteringPoint(new MeteringPoint(passport, producer.PublicKey.Did, Active: true, MeasuresExport: true));
        return new MarketContext(registry, new SignedReadingsMetering());
    }

    /// <summary>The fixed keys the old log was signed with: seed = 32 times the byte.</summary>
    private static Ed25519PrivateKey Key(byte b) => Ed25519PrivateKey.FromSeed(Enumerable.Repeat(b, 32).ToArray());
}
