using System.Security.Cryptography;
using System.Text.Json;
using Dream.Testing;

namespace Dream.Market.Tests;

/// <summary>
/// The vectors of the market formats that changed version (docs/test-vectors/market, docs/formats.md): what this
/// code produces from fixed seeds, verified by openssl, not by our code. DREAM_WRITE_TEST_VECTORS=1 rewrites them.
/// </summary>
public sealed class MarketTestVectorTests : IDisposable
{
    private readonly string _directory = PublishedVectors.Folder("market");
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> VectorFiles() => new(Build().Select(v => v.FileName));

    [Fact]
    public void The_published_market_vectors_are_what_the_code_produces()
    {
        var vectors = Build();
        PublishedVectors.AssertPublished(_directory, vectors);
    }

    [Theory]
    [MemberData(nameof(VectorFiles))]
    public async Task Openssl_verifies_each_market_vector_and_the_market_parses_its_message(string fileName)
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory, fileName)));
        var root = json.RootElement;
        var key = Ed25519PublicKey.FromBytes(Convert.FromBase64String(root.GetProperty("publicKey").GetString()!));
        var payload = Convert.FromBase64String(root.GetProperty("payload").GetString()!);
        var signature = Convert.FromBase64String(root.GetProperty("signature").GetString()!);
        var keyPath = _temp.Combine(fileName + ".pem");
        await File.WriteAllTextAsync(keyPath, key.ToPem());

        var good = await VerifyAsync(keyPath, payload, signature);
        var tampered = (byte[])payload.Clone();
        tampered[tampered.Length / 2] ^= 0x01;
        var bad = await VerifyAsync(keyPath, tampered, signature);

        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Contains("Signature Verified Successfully", good.StandardOutput, StringComparison.Ordinal);
        Assert.NotEqual(0, bad.ExitCode);
        var transaction = MarketTransaction.Parse(Encoding.UTF8.GetBytes(root.GetProperty("message").GetString()!));
        Assert.Equal(payload, transaction.Envelope.Payload.ToArray());
        Assert.Contains(root.GetProperty("signer").GetString(), transaction.Signers);
    }

    private static List<(string FileName, string Json)> Build()
    {
        using var seller = Key("seller");
        using var buyer = Key("buyer");
        using var gridAuthority = Key("grid authority");
        var settle = new SettlePayload
        {
            Auction = Hex.Sha256(Encoding.UTF8.GetBytes("auction")),
            Promise = Hex.Sha256(Encoding.UTF8.GetBytes("promise")),
            Buyer = buyer.PublicKey.Did,
            Seller = seller.PublicKey.Did,
            Price = 175,
            ValidUntilMs = 1_763_802_000_000,
            AtMs = 1_763_798_400_000,
        };
        var half = MarketTransaction.Create(settle, seller);
        var both = half.Countersign(buyer);
        var template = MarketTransaction.Create(
            new ContractTemplatePayload { Kind = ContractKind.Auction, Version = 2, Text = "Auction of {{promise}} by {{owner}}: base price {{basePrice}}; bids until {{deadlineUtc}}.", AtMs = 1_763_798_400_000 },
            gridAuthority);
        return
        [
            Vector("settle-2-first-half.json", "A settle/2 as its first signer (the seller) hands it over: price 175 minor units (1.75 EUR), valid for 1 h after at.", seller.PublicKey, half, 0),
            Vector("settle-2-countersigned.json", "The same settlement countersigned by the buyer an hour later (signatures[1]); the ledger adds the grid authority's.", buyer.PublicKey, both, 1),
            Vector("contract-template-2.json", "An auction contract template in format 2: its money parameters render in currency units (\"1.00 EUR\").", gridAuthority.PublicKey, template, 0),
        ];
    }

    private static (string FileName, string Json) Vector(string fileName, string description, Ed25519PublicKey key, MarketTransaction transaction, int signature) =>
        (fileName, PublishedVectors.ToJson(
            new Dictionary<string, string>
            {
                ["description"] = description,
                ["signer"] = key.Did,
                ["publicKey"] = Convert.ToBase64String(key.Bytes),
                ["payload"] = Convert.ToBase64String(transaction.Envelope.Payload.Span),
                ["payloadText"] = Encoding.UTF8.GetString(transaction.Envelope.Payload.Span),
                ["signature"] = Convert.ToBase64String(transaction.Envelope.Signatures[signature].Signature.Span),
                ["message"] = Encoding.UTF8.GetString(transaction.ToBytes()),
            }));

    private static Ed25519PrivateKey Key(string label) =>
        Ed25519PrivateKey.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes("dream test vector: " + label)));

    private Task<ProcessResult> VerifyAsync(string keyPath, byte[] payload, byte[] signature)
    {
        var payloadPath = _temp.Combine($"{Guid.NewGuid():N}.payload");
        File.WriteAllBytes(payloadPath, payload);
        File.WriteAllBytes(payloadPath + ".sig", signature);
        return ExternalProgram.RunAsync("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", keyPath, "-rawin", "-in", payloadPath, "-sigfile", payloadPath + ".sig"]);
    }
}
