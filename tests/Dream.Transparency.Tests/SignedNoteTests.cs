namespace Dream.Transparency.Tests;

public sealed class SignedNoteTests
{
    // The example of the C2SP signed-note spec and of golang.org/x/mod/sumdb/note's tests: a published
    // key, its private key encoding (0x01 || seed) and the note Go's implementation signs with it.
    private const string PeterVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private const string PeterPrivateKeyMaterial = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private const string PeterText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private const string PeterNote = PeterText + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    [Fact]
    public void The_published_example_key_id_verifier_key_and_signature_are_reproduced_byte_for_byte()
    {
        var material = Convert.FromBase64String(PeterPrivateKeyMaterial);
        Assert.Equal(0x01, material[0]);
        using var key = Ed25519PrivateKey.FromSeed(material.AsSpan(1));
        var signer = new NoteSigner("PeterNeumann", key);

        Assert.Equal(0xc74f20a3u, signer.KeyId);
        Assert.Equal(PeterVerifierKey, signer.Verifier.VerifierKey);
        Assert.Equal(PeterNote, signer.Sign(PeterText));

        var verifier = NoteVerifier.Parse(PeterVerifierKey);
        Assert.Equal("PeterNeumann", verifier.Name);
        Assert.Equal(key.PublicKey, verifier.PublicKey);
        var note = verifier.Open(PeterNote);
        Assert.Equal(PeterText, note.Text);
        Assert.Single(note.Signatures);
    }

    [Fact]
    public void An_altered_text_fails_with_a_signature_error()
    {
        var verifier = NoteVerifier.Parse(PeterVerifierKey);
        Assert.Throws<NoteSignatureException>(() => verifier.Open(PeterNote.Replace("cryptography", "cryptographY", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_mangled_verifier_key_is_rejected()
    {
        var rejected = 0;
        for (var i = 0; i < PeterVerifierKey.Length; i++)
        {
            for (var j = i + 1; j <= PeterVerifierKey.Length; j++)
            {
                if (i != 0 || j != PeterVerifierKey.Length)
                {
                    Assert.Throws<NoteFormatException>(() => NoteVerifier.Parse(PeterVerifierKey[i..j]));
                    rejected++;
                }
            }
        }

        var chars = PeterVerifierKey.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i]++;
            var mangled = new string(chars);
            chars[i]--;
            Assert.Throws<NoteFormatException>(() => NoteVerifier.Parse(mangled));
            rejected++;
        }

        Assert.True(rejected > 2000);
        Assert.Throws<NoteFormatException>(() => NoteVerifier.Parse("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
        Assert.Throws<NoteFormatException>(() => NoteVerifier.Parse("PeterNeumann+c74f20a3+ApAq2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
    }

    [Fact]
    public void A_note_signed_by_someone_else_is_an_unknown_key_not_a_bad_signature()
    {
        using var other = Ed25519PrivateKey.Generate();
        var note = new NoteSigner("PeterNeumann", other).Sign(PeterText);
        var error = Assert.Throws<UnknownNoteKeyException>(() => NoteVerifier.Parse(PeterVerifierKey).Open(note));
        Assert.Contains("PeterNeumann+c74f20a3", error.Message, StringComparison.Ordinal);

        using var stranger = Ed25519PrivateKey.Generate();
        Assert.Throws<UnknownNoteKeyException>(() => NoteVerifier.Parse(PeterVerifierKey).Open(new NoteSigner("stranger.example", stranger).Sign(PeterText)));
    }

    [Fact]
    public void A_cosigned_note_verifies_under_each_of_its_keys_and_a_forged_line_under_the_trusted_id_fails()
    {
        using var log = Ed25519PrivateKey.Generate();
        using var witness = Ed25519PrivateKey.Generate();
        var logSigner = new NoteSigner("log.example/dream", log);
        var witnessSigner = new NoteSigner("witness.example", witness);
        var text = "hello\nworld\n";
        var note = logSigner.Sign(text) + witnessSigner.SignatureLine(Encoding.UTF8.GetBytes(text));
        Assert.Equal(2, logSigner.Verifier.Open(note).Signatures.Count);
        witnessSigner.Verifier.Open(note);

        // A second line claiming the log key's name and id, signed by another key, is a bad signature.
        var imposter = ForgeLine("log.example/dream", logSigner.KeyId, witness, text);
        Assert.Throws<NoteSignatureException>(() => logSigner.Verifier.Open(note + imposter));
        witnessSigner.Verifier.Open(note + imposter);
    }

    [Theory]
    [InlineData("no blank line\n\u2014 a AAAAAAA=\n")]
    [InlineData("text\n\n")]
    [InlineData("text\n\n\u2014 a AAAAAAA=")]
    [InlineData("text\n\n-- a AAAAAAA=\n")]
    [InlineData("text\n\n\u2014 a\n")]
    [InlineData("text\n\n\u2014 a AAAA\n")]
    [InlineData("text\n\n\u2014 a AAAA AAA=\n")]
    [InlineData("text\n\n\u2014 a+b AAAAAAA=\n")]
    [InlineData("text\n\n\u2014 a !AAAAAA=\n")]
    [InlineData("text\n\n\u2014 a AAAAAAA=\n\n")]
    [InlineData("te\txt\n\n\u2014 a AAAAAAA=\n")]
    [InlineData("te\rxt\n\n\u2014 a AAAAAAA=\n")]
    [InlineData("text\n\n\u2014 a AAAAAAA=\n\u2014 b AAAAAAA=\nnot a signature\n")]
    public void Malformed_notes_are_format_errors(string note)
    {
        Assert.Throws<NoteFormatException>(() => SignedNote.Parse(note));
    }

    [Fact]
    public void Invalid_utf8_and_too_many_signatures_are_format_errors()
    {
        Assert.Throws<NoteFormatException>(() => SignedNote.Parse([(byte)'a', 0xff, (byte)'\n', (byte)'\n', .. "\u2014 a AAAAAAA=\n"u8]));
        var many = "text\n\n" + string.Concat(Enumerable.Repeat("\u2014 a AAAAAAA=\n", 101));
        Assert.Throws<NoteFormatException>(() => SignedNote.Parse(many));
        Assert.Equal(100, SignedNote.Parse("text\n\n" + string.Concat(Enumerable.Repeat("\u2014 a AAAAAAA=\n", 100))).Signatures.Count);
    }

    [Fact]
    public void Signing_refuses_text_that_could_not_be_parsed_back()
    {
        using var key = Ed25519PrivateKey.Generate();
        var signer = new NoteSigner("k", key);
        Assert.Throws<NoteFormatException>(() => signer.Sign("no newline"));
        Assert.Throws<NoteFormatException>(() => signer.Sign(""));
        Assert.Throws<NoteFormatException>(() => signer.Sign("bell\a\n"));
        Assert.Throws<NoteFormatException>(() => new NoteSigner("has space", key));
        Assert.Throws<NoteFormatException>(() => new NoteSigner("has+plus", key));
        Assert.Throws<NoteFormatException>(() => new NoteSigner("", key));
    }

    private static byte[] KeyIdBytes(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static string ForgeLine(string name, uint keyId, Ed25519PrivateKey key, string text)
    {
        var blob = new byte[68];
        KeyIdBytes(keyId).CopyTo(blob, 0);
        key.Sign(Encoding.UTF8.GetBytes(text)).CopyTo(blob, 4);
        return $"\u2014 {name} {Convert.ToBase64String(blob)}\n";
    }
}
