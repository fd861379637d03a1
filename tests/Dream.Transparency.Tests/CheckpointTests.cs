namespace Dream.Transparency.Tests;

public sealed class CheckpointTests : IDisposable
{
    private const string Origin = TestLogKey.Origin;
    private readonly TestLogKey _log = new();

    public void Dispose() => _log.Dispose();

    [Fact]
    public void A_signed_checkpoint_has_the_tlog_checkpoint_layout_and_verifies()
    {
        var root = Rfc6962.HashLeaf("x"u8);
        var note = _log.Signer.Sign(new Checkpoint(Origin, 1234567, root));
        var lines = note.Split('\n');
        Assert.Equal(Origin, lines[0]);
        Assert.Equal("1234567", lines[1]);
        Assert.Equal(root.ToBase64(), lines[2]);
        Assert.Equal("", lines[3]);
        Assert.StartsWith($"\u2014 {Origin} ", lines[4], StringComparison.Ordinal);
        Assert.Equal("", lines[5]);
        Assert.Equal(6, lines.Length);

        var checkpoint = _log.Verifier.Verify(note);
        Assert.Equal(Origin, checkpoint.Origin);
        Assert.Equal(1234567, checkpoint.Size);
        Assert.Equal(root, checkpoint.RootHash);
        Assert.Empty(checkpoint.Extensions);
        Assert.Equal(1234567, _log.Verifier.Verify(Encoding.UTF8.GetBytes(note)).Size);
    }

    [Fact]
    public void Extension_lines_are_signed_and_kept()
    {
        var note = _log.Signer.Sign(new Checkpoint(Origin, 5, Rfc6962.EmptyRoot, ["Timestamp: 1763712000000", "more"]));
        Assert.Equal(["Timestamp: 1763712000000", "more"], _log.Verifier.Verify(note).Extensions);
        Assert.Throws<NoteSignatureException>(() => _log.Verifier.Verify(note.Replace("more", "mora", StringComparison.Ordinal)));
    }

    [Fact]
    public void Each_failure_has_its_own_error()
    {
        var good = _log.Signer.Sign(new Checkpoint(Origin, 10, Rfc6962.EmptyRoot));

        // Bad format: no signature block.
        Assert.Throws<NoteFormatException>(() => _log.Verifier.Verify(new Checkpoint(Origin, 10, Rfc6962.EmptyRoot).ToText()));

        // Unknown key: a genuine-looking checkpoint signed by another key under the same name.
        using var other = Ed25519PrivateKey.Generate();
        Assert.Throws<UnknownNoteKeyException>(() => _log.Verifier.Verify(new CheckpointSigner(Origin, other).Sign(new Checkpoint(Origin, 10, Rfc6962.EmptyRoot))));

        // Bad signature: the size changed after signing.
        Assert.Throws<NoteSignatureException>(() => _log.Verifier.Verify(good.Replace("\n10\n", "\n11\n", StringComparison.Ordinal)));

        // Origin mismatch: our key, another log.
        var foreign = _log.Signer.Sign(new Checkpoint("other.example/log", 10, Rfc6962.EmptyRoot));
        var mismatch = Assert.Throws<CheckpointOriginMismatchException>(() => _log.Verifier.Verify(foreign));
        Assert.Equal(Origin, mismatch.Expected);
        Assert.Equal("other.example/log", mismatch.Actual);
    }

    [Theory]
    [InlineData("origin\n")]
    [InlineData("origin\n10\n")]
    [InlineData("origin\n010\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")]
    [InlineData("origin\n-1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")]
    [InlineData("origin\n+1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")]
    [InlineData("origin\n 1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")]
    [InlineData("origin\n99999999999999999999\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")]
    [InlineData("origin\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuF=\n")]
    [InlineData("origin\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU\n")]
    [InlineData("origin\n1\nAAAA\n")]
    [InlineData("\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")]
    [InlineData("origin\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")]
    [InlineData("origin\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\nextension after a blank line\n")]
    public void Malformed_checkpoint_bodies_are_format_errors(string text)
    {
        Assert.Throws<NoteFormatException>(() => Checkpoint.Parse(text));
    }

    [Fact]
    public void A_signed_but_malformed_body_is_a_format_error()
    {
        var note = new NoteSigner(Origin, _log.Key).Sign($"{Origin}\n007\n{Rfc6962.EmptyRoot.ToBase64()}\n");
        Assert.Throws<NoteFormatException>(() => _log.Verifier.Verify(note));
    }

    [Fact]
    public async Task Openssl_verifies_the_checkpoint_signature_independently()
    {
        using var directory = new TemporaryDirectory();
        var text = new Checkpoint(Origin, 42, Rfc6962.HashLeaf("entry"u8)).ToText();
        var note = _log.Signer.Sign(new Checkpoint(Origin, 42, Rfc6962.HashLeaf("entry"u8)));
        var blob = Convert.FromBase64String(note.Split('\n')[^2].Split(' ')[2]);
        Assert.Equal(68, blob.Length);
        Assert.Equal(_log.Signer.Verifier.KeyId, (uint)((blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3]));

        await File.WriteAllTextAsync(directory.Combine("key.pem"), _log.Key.PublicKey.ToPem());
        await File.WriteAllBytesAsync(directory.Combine("checkpoint.txt"), Encoding.UTF8.GetBytes(text));
        await File.WriteAllBytesAsync(directory.Combine("signature.bin"), blob[4..]);
        var ok = await ExternalProgram.RunAsync(
            "openssl",
            ["pkeyutl", "-verify", "-pubin", "-inkey", directory.Combine("key.pem"), "-rawin", "-in", directory.Combine("checkpoint.txt"), "-sigfile", directory.Combine("signature.bin")],
            timeout: TimeSpan.FromSeconds(30));
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("Signature Verified Successfully", ok.StandardOutput, StringComparison.Ordinal);

        await File.WriteAllBytesAsync(directory.Combine("checkpoint.txt"), Encoding.UTF8.GetBytes(text.Replace("42", "43", StringComparison.Ordinal)));
        var tampered = await ExternalProgram.RunAsync(
            "openssl",
            ["pkeyutl", "-verify", "-pubin", "-inkey", directory.Combine("key.pem"), "-rawin", "-in", directory.Combine("checkpoint.txt"), "-sigfile", directory.Combine("signature.bin")],
            timeout: TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, tampered.ExitCode);
    }

    [Fact]
    public async Task Key_id_matches_an_independent_python_computation()
    {
        var script = "import hashlib,sys; n,k=sys.argv[1],bytes.fromhex(sys.argv[2]); print(hashlib.sha256(n.encode()+b'\\n\\x01'+k).digest()[:4].hex())";
        var result = await ExternalProgram.RunAsync(
            "/usr/bin/python3",
            ["-c", script, Origin, Convert.ToHexStringLower(_log.Key.PublicKey.Bytes)],
            timeout: TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"{_log.Signer.Verifier.KeyId:x8}", result.StandardOutput.Trim());
        Assert.StartsWith($"{Origin}+{result.StandardOutput.Trim()}+A", _log.Signer.VerifierKey, StringComparison.Ordinal);
    }
}
