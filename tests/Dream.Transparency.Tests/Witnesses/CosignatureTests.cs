using System.Buffers.Binary;
using Dream.Transparency.Witnesses;

namespace Dream.Transparency.Tests.Witnesses;

/// <summary>C2SP tlog-cosignature (cosignature/v1, Ed25519), checked against the published examples and openssl.</summary>
public sealed class CosignatureTests : IDisposable
{
    private const string Origin = "ledger.test/dream";
    private readonly Ed25519PrivateKey _log = Ed25519PrivateKey.Generate();
    private readonly Ed25519PrivateKey _witness = Ed25519PrivateKey.Generate();

    public void Dispose()
    {
        _log.Dispose();
        _witness.Dispose();
    }

    [Fact]
    public void A_native_cosignature_key_of_transparency_dev_formats_parses_with_its_key_id()
    {
        // From transparency-dev/formats note/note_cosigv1_test.go ("native algEd25519CosignatureV1 verifier"):
        // the id is SHA-256(name || 0x0A || 0x04 || key)[:4], which only a correct type byte reproduces.
        var verifier = CosignatureVerifier.Parse("remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2");
        Assert.Equal(0xda77ade7u, verifier.KeyId);
        Assert.Equal("remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2", verifier.VerifierKey);
        Assert.Throws<NoteFormatException>(() => CosignatureVerifier.Parse("remora.n621.de+da77ade8+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2"));

        // A log key (type 0x01) is not a witness key.
        Assert.Throws<NoteFormatException>(() => CosignatureVerifier.Parse(NoteVerifier.Create(Origin, _log.PublicKey).VerifierKey));
    }

    [Theory]
    [InlineData("ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==", 0x646846b9u, 1727964367L)]
    [InlineData("jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==", 0x8d66cf3fu, 1679315147L)]
    public void Published_cosignatures_have_our_layout_key_id_timestamp_signature(string published, uint keyId, long timestamp)
    {
        // The first is transparency-dev/formats' CoSigV1Timestamp vector, the second the example of C2SP
        // tlog-cosignature (whose message example reads "time 1679315147").
        var theirs = Convert.FromBase64String(published);
        Assert.Equal(4 + CosignatureV1.SignatureLength, theirs.Length);
        Assert.Equal(keyId, BinaryPrimitives.ReadUInt32BigEndian(theirs));
        Assert.Equal(timestamp, (long)BinaryPrimitives.ReadUInt64BigEndian(theirs.AsSpan(4)));

        var ours = Blob(new CosignatureSigner("witness.test/w1", _witness).SignatureLine(CheckpointText(3), timestamp));
        Assert.Equal(theirs.Length, ours.Length);
        Assert.Equal(timestamp, (long)BinaryPrimitives.ReadUInt64BigEndian(ours.AsSpan(4)));
    }

    [Fact]
    public void The_signed_message_is_the_header_the_time_line_and_the_whole_checkpoint()
    {
        var text = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        Assert.Equal(
            "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
            System.Text.Encoding.UTF8.GetString(CosignatureV1.Message(1679315147, text)));
    }

    [Fact]
    public async Task Openssl_verifies_a_cosignature_over_the_cosignature_v1_message()
    {
        using var directory = new TemporaryDirectory();
        var signer = new CosignatureSigner("witness.test/w1", _witness);
        var text = CheckpointText(42);
        var blob = Blob(signer.SignatureLine(text, 1_764_000_000));
        Assert.Equal(signer.Verifier.KeyId, BinaryPrimitives.ReadUInt32BigEndian(blob));
        await File.WriteAllTextAsync(directory.Combine("key.pem"), _witness.PublicKey.ToPem());
        await File.WriteAllBytesAsync(directory.Combine("signature.bin"), blob[12..]);

        await File.WriteAllBytesAsync(directory.Combine("message.bin"), CosignatureV1.Message(1_764_000_000, text));
        var ok = await OpensslVerifyAsync(directory);
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("Signature Verified Successfully", ok.StandardOutput, StringComparison.Ordinal);

        // The timestamp is signed: the same signature does not cover another time.
        await File.WriteAllBytesAsync(directory.Combine("message.bin"), CosignatureV1.Message(1_764_000_001, text));
        Assert.NotEqual(0, (await OpensslVerifyAsync(directory)).ExitCode);
    }

    [Fact]
    public void A_cosigned_checkpoint_verifies_for_log_and_witness_and_an_altered_one_for_neither()
    {
        var signer = new CosignatureSigner("witness.test/w1", _witness);
        var note = new CheckpointSigner(Origin, _log).Sign(new Checkpoint(Origin, 7, Rfc6962.HashLeaf("x"u8)));
        var cosigned = note + signer.SignatureLine(SignedNote.Parse(note).Text, 1_764_000_000);

        Assert.Equal(7, new CheckpointVerifier(Origin, NoteVerifier.Create(Origin, _log.PublicKey)).Verify(cosigned).Size);
        Assert.Equal(1_764_000_000, signer.Verifier.Verify(SignedNote.Parse(cosigned)));
        Assert.Throws<UnknownNoteKeyException>(() => signer.Verifier.Verify(SignedNote.Parse(note)));
        var altered = cosigned.Replace("\n7\n", "\n8\n", StringComparison.Ordinal);
        Assert.Throws<NoteSignatureException>(() => signer.Verifier.Verify(SignedNote.Parse(altered)));
    }

    [Fact]
    public void A_quorum_counts_valid_cosignatures_of_distinct_trusted_witnesses()
    {
        using var second = Ed25519PrivateKey.Generate();
        using var stranger = Ed25519PrivateKey.Generate();
        var w1 = new CosignatureSigner("witness.test/w1", _witness);
        var w2 = new CosignatureSigner("witness.test/w2", second);
        var note = new CheckpointSigner(Origin, _log).Sign(new Checkpoint(Origin, 7, Rfc6962.HashLeaf("x"u8)));
        var text = SignedNote.Parse(note).Text;
        var once = note + w1.SignatureLine(text, 1) + new CosignatureSigner("witness.test/w2", stranger).SignatureLine(text, 1);

        var both = new WitnessQuorum([w1.Verifier, w2.Verifier], 2);
        var either = new WitnessQuorum([w1.Verifier, w2.Verifier], 1);
        Assert.Equal(["witness.test/w1"], either.Verify(once));
        var refused = Assert.Throws<WitnessQuorumException>(() => both.Verify(once));
        Assert.Contains("1 valid witness cosignature(s), 2 of 2 required", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["witness.test/w1", "witness.test/w2"], both.Verify(once + w2.SignatureLine(text, 2)));

        Assert.Throws<ArgumentException>(() => new WitnessQuorum([w1.Verifier, w2.Verifier], 3));
        Assert.Throws<ArgumentException>(() => new WitnessQuorum([w1.Verifier, w1.Verifier], 1));
    }

    [Fact]
    public void The_request_example_of_tlog_witness_parses_and_round_trips()
    {
        var body = """
            old 20852014
            PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
            jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
            5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
            /6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

            example.com/behind-the-sofa
            20852163
            CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

            — example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=

            """.Replace("\r", "", StringComparison.Ordinal);
        var request = AddCheckpointRequest.Parse(System.Text.Encoding.UTF8.GetBytes(body));
        Assert.Equal(20852014, request.OldSize);
        Assert.Equal(4, request.Proof.Count);
        Assert.Equal("PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=", request.Proof[0].ToBase64());
        Assert.Equal(20852163, Checkpoint.Parse(SignedNote.Parse(request.SignedCheckpoint).Text).Size);
        Assert.Equal(body, request.ToText());

        Assert.Throws<NoteFormatException>(() => AddCheckpointRequest.Parse("old 01\n\nx\n"u8));
        Assert.Throws<NoteFormatException>(() => AddCheckpointRequest.Parse("new 1\n\nx\n"u8));
        Assert.Throws<NoteFormatException>(() => AddCheckpointRequest.Parse("old 1\nnot-a-hash\n\nx\n"u8));
    }

    private static string CheckpointText(long size) => new Checkpoint(Origin, size, Rfc6962.HashLeaf("entry"u8)).ToText();

    private static byte[] Blob(string line) => Convert.FromBase64String(line.TrimEnd('\n').Split(' ')[2]);

    private static Task<ProcessResult> OpensslVerifyAsync(TemporaryDirectory directory) => ExternalProgram.RunAsync(
        "openssl",
        ["pkeyutl", "-verify", "-pubin", "-inkey", directory.Combine("key.pem"), "-rawin", "-in", directory.Combine("message.bin"), "-sigfile", directory.Combine("signature.bin")],
        timeout: TimeSpan.FromSeconds(30));
}
