namespace Dream.Contracts.Tests;

/// <summary>
/// The vectors in docs/test-vectors are what this code produces, and openssl (not our code) verifies them.
/// Set DREAM_WRITE_TEST_VECTORS=1 to rewrite the files after a deliberate format change.
/// </summary>
public sealed class TestVectorTests : IDisposable
{
    private readonly string _directory = PublishedVectors.Folder();
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> VectorFiles() => new(TestVectorSet.Build().Select(v => v.FileName));

    [Fact]
    public void The_published_vectors_are_what_the_code_produces()
    {
        PublishedVectors.AssertPublished(_directory, [.. TestVectorSet.Build().Select(v => (v.FileName, v.ToJson()))]);
    }

    [Theory]
    [MemberData(nameof(VectorFiles))]
    public async Task Openssl_verifies_each_vector_and_rejects_it_with_one_payload_byte_changed(string fileName)
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory, fileName)));
        var root = json.RootElement;
        var publicKey = Ed25519PublicKey.FromBytes(Convert.FromBase64String(root.GetProperty("publicKey").GetString()!));
        var payload = Convert.FromBase64String(root.GetProperty("payload").GetString()!);
        var signature = Convert.FromBase64String(root.GetProperty("signature").GetString()!);
        await OpensslEd25519.AssertVerifiesOnlyUnalteredAsync(_temp, publicKey, payload, signature);
    }

    [Theory]
    [MemberData(nameof(VectorFiles))]
    public void The_message_of_each_vector_carries_exactly_its_payload_and_signature(string fileName)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, fileName)));
        var root = json.RootElement;
        var message = System.Text.Encoding.UTF8.GetBytes(root.GetProperty("message").GetString()!);
        var envelope = SignedEnvelope.Parse(message);
        var signer = root.GetProperty("signer").GetString()!;

        Assert.Equal(Convert.FromBase64String(root.GetProperty("payload").GetString()!), envelope.Payload.ToArray());
        var signature = Assert.Single(envelope.Signatures, s => s.Signer == signer);
        Assert.Equal(Convert.FromBase64String(root.GetProperty("signature").GetString()!), signature.Signature.ToArray());
        if (fileName.StartsWith("signed-reading", StringComparison.Ordinal))
        {
            Assert.Equal(signer, SignedReading.Verify(message).Reading.Device);
        }
        else if (fileName.StartsWith("receipt", StringComparison.Ordinal))
        {
            var gridAuthority = Ed25519PublicKey.FromBytes(Convert.FromBase64String(root.GetProperty("publicKey").GetString()!));
            Assert.Equal(signer, gridAuthority.Did);
            Assert.Equal(fileName == "receipt-1.json" ? 1 : 2, Receipt.Verify(message, gridAuthority).Version);
        }
        else
        {
            Assert.Contains(signer, new[] { SignedPassport.Verify(message).Passport.Device, SignedPassport.Verify(message).Passport.Installer });
        }
    }
}
