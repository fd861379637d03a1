using Dream.Transparency.Witnesses;

namespace Dream.Transparency.Tests.Witnesses;

/// <summary>docs/test-vectors/witness/cosignature-v1.json (made with openssl and Python alone): openssl and our verifiers accept it, and nothing altered.</summary>
public sealed class CosignatureVectorTests
{
    private static readonly string s_file = Path.Combine(RepositoryRoot.Find(), "docs", "test-vectors", "witness", "cosignature-v1.json");

    [Fact]
    public async Task The_published_cosignature_verifies_with_openssl_and_with_our_verifiers()
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(s_file));
        var v = json.RootElement;
        var note = v.GetProperty("message").GetString()!;
        var witness = CosignatureVerifier.Parse(v.GetProperty("signer").GetString()!);
        var log = NoteVerifier.Parse(v.GetProperty("logVerifierKey").GetString()!);
        var parsed = SignedNote.Parse(note);

        Assert.Equal(v.GetProperty("timestamp").GetInt64(), witness.Verify(parsed));
        Assert.Equal(1, new CheckpointVerifier("ledger.example/dream", log).Verify(note).Size);
        Assert.Equal(Convert.FromBase64String(v.GetProperty("payload").GetString()!), CosignatureV1.Message(v.GetProperty("timestamp").GetInt64(), parsed.Text));
        Assert.Equal(Convert.FromBase64String(v.GetProperty("publicKey").GetString()!), witness.PublicKey.Bytes.ToArray());
        Assert.Single(new WitnessQuorum([witness], 1).Verify(note));

        using var directory = new TemporaryDirectory();
        await File.WriteAllTextAsync(directory.Combine("key.pem"), witness.PublicKey.ToPem());
        await File.WriteAllBytesAsync(directory.Combine("payload.bin"), Convert.FromBase64String(v.GetProperty("payload").GetString()!));
        await File.WriteAllBytesAsync(directory.Combine("signature.bin"), Convert.FromBase64String(v.GetProperty("signature").GetString()!));
        var ok = await ExternalProgram.RunAsync(
            "openssl",
            ["pkeyutl", "-verify", "-pubin", "-inkey", directory.Combine("key.pem"), "-rawin", "-in", directory.Combine("payload.bin"), "-sigfile", directory.Combine("signature.bin")],
            timeout: TimeSpan.FromSeconds(30));
        Assert.True(ok.ExitCode == 0, ok.ToString());

        var altered = note.Replace("\n1\n", "\n2\n", StringComparison.Ordinal);
        Assert.Throws<NoteSignatureException>(() => witness.Verify(SignedNote.Parse(altered)));
    }
}
