using Dream.Contracts.Http;

namespace Dream.Contracts.Tests;

/// <summary>
/// dream-request/1 (docs/formats.md, "Signed requests"): docs/test-vectors/request/signed-request-1.json is what
/// <see cref="SignedRequest"/> produces, openssl verifies it, and the ledger's check accepts exactly that request.
/// Set DREAM_WRITE_TEST_VECTORS=1 to rewrite the file after a deliberate format change.
/// </summary>
public sealed class SignedRequestTests : IDisposable
{
    private const long TimestampMs = Samples.IntervalStart + 123_456;

    // Sent percent-encoded, so signed percent-encoded (the request-target as on the request line).
    private static readonly string Target = "/api/v1/readings?device=" + Uri.EscapeDataString(DeviceDid()) + "&from=0";

    private readonly string _path = Path.Combine(PublishedVectors.Folder("request"), "signed-request-1.json");
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_published_vector_is_what_the_code_produces()
    {
        var json = Vector().ToJson();
        if (Environment.GetEnvironmentVariable("DREAM_WRITE_TEST_VECTORS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            File.WriteAllText(_path, json);
        }

        Assert.Equal(json, File.ReadAllText(_path));
        Assert.Equal("dream-request/1\nGET\n" + Target + "\n" + TimestampMs, Encoding.UTF8.GetString(SignedRequest.SignedText("get", Target, TimestampMs)));
    }

    [Fact]
    public async Task Openssl_verifies_the_vector_and_rejects_it_with_one_byte_changed()
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(_path));
        var root = json.RootElement;
        await OpensslEd25519.AssertVerifiesOnlyUnalteredAsync(
            _temp,
            Ed25519PublicKey.FromBytes(Convert.FromBase64String(root.GetProperty("publicKey").GetString()!)),
            Convert.FromBase64String(root.GetProperty("payload").GetString()!),
            Convert.FromBase64String(root.GetProperty("signature").GetString()!));
    }

    [Fact]
    public void The_published_request_verifies_as_sent_and_not_with_its_target_method_time_or_signer_changed()
    {
        var (signer, timestamp, signature) = Headers(File.ReadAllText(_path));

        Assert.Equal(signer, SignedRequest.Verify(signer, timestamp, signature, "GET", Target, TimestampMs + 299_000, out var none));
        Assert.Empty(none);
        Assert.Null(SignedRequest.Verify(signer, timestamp, signature, "GET", Uri.UnescapeDataString(Target), TimestampMs, out var decoded));
        Assert.Equal("Dream-Signature does not verify.", decoded);
        Assert.Null(SignedRequest.Verify(signer, timestamp, signature, "POST", Target, TimestampMs, out var method));
        Assert.Equal("Dream-Signature does not verify.", method);
        Assert.Null(SignedRequest.Verify(signer, timestamp, signature, "GET", Target, TimestampMs + 301_000, out var late));
        Assert.StartsWith("Dream-Timestamp is not a Unix time in ms within 300 s of the server's clock", late, StringComparison.Ordinal);
        using var other = Samples.Key("someone else");
        Assert.Null(SignedRequest.Verify(other.PublicKey.Did, timestamp, signature, "GET", Target, TimestampMs, out var signerChanged));
        Assert.Equal("Dream-Signature does not verify.", signerChanged);
        Assert.Null(SignedRequest.Verify(null, timestamp, signature, "GET", Target, TimestampMs, out var unsigned));
        Assert.StartsWith("The request is not signed", unsigned, StringComparison.Ordinal);
    }

    [Fact]
    public void AddHeaders_puts_the_three_headers_of_the_vector_on_a_request()
    {
        using var key = Samples.Key("auditor");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Target.TrimStart('/'), UriKind.Relative));
        SignedRequest.AddHeaders(request, key, Target, TimestampMs);

        var (signer, timestamp, signature) = Headers(File.ReadAllText(_path));
        Assert.Equal(signer, Assert.Single(request.Headers.GetValues(SignedRequest.SignerHeader)));
        Assert.Equal(timestamp, Assert.Single(request.Headers.GetValues(SignedRequest.TimestampHeader)));
        Assert.Equal(signature, Assert.Single(request.Headers.GetValues(SignedRequest.SignatureHeader)));
    }

    private static string DeviceDid()
    {
        using var device = Samples.Key("device");
        return device.PublicKey.Did;
    }

    /// <summary>The vector: an auditor's GET of a device's readings, its target sent (and so signed) percent-encoded.</summary>
    private static TestVectorSet.Vector Vector()
    {
        using var key = Samples.Key("auditor");
        var (signer, timestamp, signature) = SignedRequest.Sign(key, "GET", Target, TimestampMs);
        var message = $"GET {Target} HTTP/1.1\r\n{SignedRequest.SignerHeader}: {signer}\r\n{SignedRequest.TimestampHeader}: {timestamp}\r\n{SignedRequest.SignatureHeader}: {signature}\r\n\r\n";
        return new(
            "signed-request-1.json",
            "A GET signed as dream-request/1 by a participant's key; payload = the signed text, message = the request line and the three headers as sent.",
            key.PublicKey,
            SignedRequest.SignedText("GET", Target, TimestampMs),
            Convert.FromBase64String(signature),
            Encoding.UTF8.GetBytes(message));
    }

    /// <summary>The header values of the vector's message, read back from the published text.</summary>
    private static (string Signer, string Timestamp, string Signature) Headers(string vectorJson)
    {
        using var json = JsonDocument.Parse(vectorJson);
        var lines = json.RootElement.GetProperty("message").GetString()!.Split("\r\n");
        string Value(string header) => Assert.Single(lines, l => l.StartsWith(header + ": ", StringComparison.Ordinal))[(header.Length + 2)..];
        Assert.Equal($"GET {Target} HTTP/1.1", lines[0]);
        return (Value(SignedRequest.SignerHeader), Value(SignedRequest.TimestampHeader), Value(SignedRequest.SignatureHeader));
    }
}
