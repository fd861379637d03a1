using System.Security.Cryptography;
using Dream.Contracts.Http;
using Dream.Ledger.Registry;
using Dream.Market.Transactions;

namespace Dream.Ledger.Tests;

/// <summary>
/// docs/test-vectors/entries: one log entry of each kind, its exact bytes and its leaf hash, built from fixed seeds by
/// the ledger's own types. Checked by openssl (each signature, and the leaf hash over 0x00 || entry with
/// <c>openssl dgst</c>), and the entry bytes are rebuilt from the byte layout docs/ledger.md states, by string
/// concatenation, not by our serializer. A running ledger's entries of every kind follow the same layout.
/// DREAM_WRITE_TEST_VECTORS=1 rewrites the files.
/// </summary>
public sealed class LogEntryVectorTests : IDisposable
{
    private const long At = 1_763_798_400_000;
    private readonly string _directory = PublishedVectors.Folder("entries");
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> VectorFiles() => new(Build().Select(v => v.FileName));

    [Fact]
    public void The_published_entry_vectors_are_what_the_ledger_types_produce()
    {
        var vectors = Build();
        PublishedVectors.AssertPublished(_directory, vectors);
        Assert.Equal(new[] { "market", "participant", "passport", "passport-revocation", "reading" }, vectors.Select(v => Kind(v.Json)).Order());
    }

    [Theory]
    [MemberData(nameof(VectorFiles))]
    public async Task Openssl_verifies_every_signature_and_the_leaf_hash_of_the_documented_layout(string fileName)
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory, fileName)));
        var root = json.RootElement;
        var payload = Convert.FromBase64String(root.GetProperty("payload").GetString()!);
        Assert.Equal(root.GetProperty("payloadText").GetString(), Encoding.UTF8.GetString(payload));
        var signatures = root.GetProperty("signatures").EnumerateArray().ToList();
        Assert.NotEmpty(signatures);
        foreach (var (signature, i) in signatures.Select((s, i) => (s, i)))
        {
            var key = Ed25519PublicKey.FromBytes(Convert.FromBase64String(signature.GetProperty("publicKey").GetString()!));
            Assert.Equal(signature.GetProperty("signer").GetString(), key.Did);
            var keyPath = _temp.Combine($"{fileName}.{i}.pem");
            await File.WriteAllTextAsync(keyPath, key.ToPem());
            var sig = Convert.FromBase64String(signature.GetProperty("sig").GetString()!);
            var good = await OpensslVerifyAsync(keyPath, payload, sig);
            var tampered = (byte[])payload.Clone();
            tampered[tampered.Length / 2] ^= 0x01;
            var bad = await OpensslVerifyAsync(keyPath, tampered, sig);
            Assert.True(good.ExitCode == 0, good.ToString());
            Assert.Contains("Signature Verified Successfully", good.StandardOutput, StringComparison.Ordinal);
            Assert.NotEqual(0, bad.ExitCode);
        }

        // docs/ledger.md, "Entry bytes": the layout, spelled out with nothing but string concatenation.
        var documented = "{\"dream\":1,\"payload\":\"" + root.GetProperty("payload").GetString() + "\",\"signatures\":["
            + string.Join(',', signatures.Select(s => "{\"signer\":\"" + s.GetProperty("signer").GetString() + "\",\"sig\":\"" + s.GetProperty("sig").GetString() + "\"}"))
            + "]}";
        Assert.Equal(documented, root.GetProperty("entry").GetString());
        Assert.Equal(root.GetProperty("leafHash").GetString(), await OpensslLeafHashAsync(Encoding.UTF8.GetBytes(documented)));
        Assert.Equal(root.GetProperty("leafHashHex").GetString(), Convert.ToHexStringLower(Convert.FromBase64String(root.GetProperty("leafHash").GetString()!)));
    }

    [Fact]
    public async Task The_leaf_hash_docs_ledger_md_shows_for_a_devices_reading_is_what_openssl_computes_from_the_layout()
    {
        var root = RepositoryRoot.Find();
        using var vector = JsonDocument.Parse(await File.ReadAllTextAsync(System.IO.Path.Combine(root, "docs", "test-vectors", "signed-reading-first.json")));
        var v = vector.RootElement;
        var entry = "{\"dream\":1,\"payload\":\"" + v.GetProperty("payload").GetString() + "\",\"signatures\":[{\"signer\":\"" + v.GetProperty("signer").GetString()
            + "\",\"sig\":\"" + v.GetProperty("signature").GetString() + "\"}]}";
        var leaf = await OpensslLeafHashAsync(Encoding.UTF8.GetBytes(entry));
        Assert.Equal(Rfc6962Leaf(SignedEnvelope.Parse(Encoding.UTF8.GetBytes(v.GetProperty("message").GetString()!)).ToBytes()), leaf);
        Assert.Contains("# " + leaf, await File.ReadAllTextAsync(System.IO.Path.Combine(root, "docs", "ledger.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_running_ledgers_entries_of_every_kind_follow_the_documented_layout_and_hash_as_openssl_computes()
    {
        await using var ledger = await TestLedger.StartAsync();
        var agent = await ledger.AddApprovedAgentAsync();
        await agent.PublishAsync(agent.Next());
        await agent.WaitForReceiptAsync(1);
        using (var tariff = await ledger.Admin.PostAsJsonAsync("admin/v1/market/tariff", new { currency = "EUR", penaltyPerKwh = 30, gridFeePerKwh = 2, minWh = 100, maxWh = 100_000, graceMs = 900_000 }))
        {
            Assert.True(tariff.IsSuccessStatusCode, await tariff.Content.ReadAsStringAsync());
        }

        await ledger.RevokeAsync(agent.Passport.Id, "meter replaced");

        // As the grid authority, entitled to every entry.
        const string Path = "/log/entries?start=0&count=1000";
        using var request = new HttpRequestMessage(HttpMethod.Get, Path.TrimStart('/'));
        SignedRequest.AddHeaders(request, ledger.Server.Key, Path, ledger.Time.GetUtcNow().ToUnixTimeMilliseconds());
        using var response = await ledger.Public.SendAsync(request);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, page.ToString());
        var entries = page.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(page.GetProperty("size").GetInt64(), entries.Count);
        Assert.Equal(new[] { "market", "participant", "passport", "passport-revocation", "reading" }, entries.Select(e => e.GetProperty("kind").GetString()!).Distinct().Order());
        foreach (var e in entries)
        {
            var bytes = Convert.FromBase64String(e.GetProperty("entry").GetString()!);
            using var envelope = JsonDocument.Parse(bytes);
            var documented = "{\"dream\":1,\"payload\":\"" + envelope.RootElement.GetProperty("payload").GetString() + "\",\"signatures\":["
                + string.Join(',', envelope.RootElement.GetProperty("signatures").EnumerateArray().Select(s => "{\"signer\":\"" + s.GetProperty("signer").GetString() + "\",\"sig\":\"" + s.GetProperty("sig").GetString() + "\"}"))
                + "]}";
            Assert.Equal(documented, Encoding.UTF8.GetString(bytes));
            Assert.Equal(e.GetProperty("leafHash").GetString(), await OpensslLeafHashAsync(bytes));
        }
    }

    private static string Rfc6962Leaf(byte[] entry) => Convert.ToBase64String(SHA256.HashData([0x00, .. entry]));

    private static string Kind(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("kind").GetString()!;
    }

    private static List<(string FileName, string Json)> Build()
    {
        using var ga = Key("grid authority");
        using var device = Key("device");
        using var owner = Key("owner");
        using var installer = Key("installer");
        var passport = SignedPassport.Create(new ProductPassport
        {
            Version = 2,
            Device = device.PublicKey.Did,
            Kind = DeviceKind.Meter,
            Manufacturer = "Eastron",
            Model = "SDM630 Modbus V2",
            Serial = "21034567",
            Firmware = string.Empty,
            Profile = "eastron-sdm630",
            MeterConstant = 0,
            Phases = 3,
            MeasuresExport = true,
            ConnectionPoint = "871687120000123456",
            Owner = owner.PublicKey.Did,
            Installer = installer.PublicKey.Did,
            InstalledAtMs = 1_763_710_000_000,
            MaxPowerW = 69_000,
            PairingImportWh = 1_234_567,
            PairingExportWh = 456_789,
        }, device, installer);
        var reading = SignedReading.Create(new IntervalReading
        {
            Device = device.PublicKey.Did,
            Passport = passport.Id,
            Sequence = 1,
            StartMs = 1_763_715_600_000,
            EndMs = 1_763_716_500_000,
            ImportWh = 1_234_687,
            ExportWh = 457_099,
            DeltaImportWh = 120,
            DeltaExportWh = 310,
            MinW = -2150,
            AvgW = -760,
            MaxW = 1480,
            Samples = 90,
            Flags = ReadingQuality.None,
            PreviousHash = IntervalReading.GenesisHash,
        }, device);
        var participant = SignedEnvelope.Sign(new ParticipantRegistration { Did = owner.PublicKey.Did, Role = ParticipantRole.Prosumer, Name = "Ana", RegisteredAtMs = At }.ToPayload(), ga);
        var revocation = SignedEnvelope.Sign(new PassportRevocation { Passport = passport.Id, Reason = "meter replaced", RevokedAtMs = At + 86_400_000 }.ToPayload(), ga);
        var tariff = MarketTransaction.Create(new TariffPayload { Version = 1, Currency = "EUR", PenaltyPerKwh = 30, GridFeePerKwh = 2, MinWh = 100, MaxWh = 100_000, GraceMs = 900_000, AtMs = At }, ga);
        return
        [
            Vector("participant.json", "participant", "A dream.participant/1: the grid authority registers Ana as a prosumer (signed by the grid authority alone).", participant.ToBytes(), [ga.PublicKey]),
            Vector("passport.json", "passport", "An approved dream.passport/2: signed by the device, the installer and (the approval) the grid authority, in that order.", passport.Envelope.Countersign(ga).ToBytes(), [device.PublicKey, installer.PublicKey, ga.PublicKey]),
            Vector("reading.json", "reading", "A dream.reading/1 as it is logged: the envelope the device signed (its first reading under the passport above).", reading.Envelope.ToBytes(), [device.PublicKey]),
            Vector("passport-revocation.json", "passport-revocation", "A dream.passport-revocation/1 of the passport above (signed by the grid authority alone).", revocation.ToBytes(), [ga.PublicKey]),
            Vector("market.json", "market", "A market entry: the grid authority's first dream.market.tariff/1 (EUR; docs/market.md).", tariff.ToBytes(), [ga.PublicKey]),
        ];
    }

    private static (string FileName, string Json) Vector(string fileName, string kind, string description, byte[] entry, Ed25519PublicKey[] signers)
    {
        var envelope = SignedEnvelope.Parse(entry);
        Assert.Equal(signers.Select(k => k.Did), envelope.Signatures.Select(s => s.Signer));
        var leaf = SHA256.HashData([0x00, .. entry]);
        var payload = envelope.Payload.ToArray();
        var json = PublishedVectors.ToJson(
            new Dictionary<string, object>
            {
                ["description"] = description,
                ["kind"] = kind,
                ["type"] = TypeOf(payload),
                ["payloadText"] = Encoding.UTF8.GetString(payload),
                ["payload"] = Convert.ToBase64String(payload),
                ["signatures"] = envelope.Signatures.Select((s, i) => new Dictionary<string, string>
                {
                    ["signer"] = s.Signer,
                    ["publicKey"] = Convert.ToBase64String(signers[i].Bytes),
                    ["sig"] = Convert.ToBase64String(s.Signature.Span),
                }).ToList(),
                ["entry"] = Encoding.UTF8.GetString(entry),
                ["leafHash"] = Convert.ToBase64String(leaf),
                ["leafHashHex"] = Convert.ToHexStringLower(leaf),
            });
        return (fileName, json);
    }

    private static string TypeOf(byte[] payload)
    {
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.GetProperty("type").GetString()!;
    }

    private static Ed25519PrivateKey Key(string label) =>
        Ed25519PrivateKey.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes("dream test vector: " + label)));

    private async Task<ProcessResult> OpensslVerifyAsync(string keyPath, byte[] payload, byte[] signature)
    {
        var payloadPath = _temp.Combine($"{Guid.NewGuid():N}.payload");
        await File.WriteAllBytesAsync(payloadPath, payload);
        await File.WriteAllBytesAsync(payloadPath + ".sig", signature);
        return await ExternalProgram.RunAsync("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", keyPath, "-rawin", "-in", payloadPath, "-sigfile", payloadPath + ".sig"]);
    }

    /// <summary>RFC 6962 leaf hash, base64, by <c>openssl dgst -sha256 -binary</c> over 0x00 || entry.</summary>
    private async Task<string> OpensslLeafHashAsync(byte[] entry)
    {
        var input = _temp.Combine($"{Guid.NewGuid():N}.leaf");
        await File.WriteAllBytesAsync(input, [0x00, .. entry]);
        var output = input + ".sha256";
        var result = await ExternalProgram.RunAsync("openssl", ["dgst", "-sha256", "-binary", "-out", output, input]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return Convert.ToBase64String(await File.ReadAllBytesAsync(output));
    }
}
