namespace Dream.Contracts.Tests;

public sealed class EnvelopeTests : IDisposable
{
    private readonly Ed25519PrivateKey _device = Samples.Key("device");

    public void Dispose() => _device.Dispose();

    [Theory]
    [InlineData("hello", ContractError.NotEnvelope)]
    [InlineData("[1,2]", ContractError.NotEnvelope)]
    [InlineData("{}", ContractError.NotEnvelope)]
    [InlineData("{\"payload\":\"e30=\"}", ContractError.NotEnvelope)]
    [InlineData("{\"dream\":2,\"payload\":\"e30=\",\"signatures\":[]}", ContractError.UnknownVersion)]
    [InlineData("{\"dream\":\"1\",\"payload\":\"e30=\",\"signatures\":[]}", ContractError.WrongType)]
    [InlineData("{\"dream\":1,\"payload\":\"not base64!\",\"signatures\":[]}", ContractError.BadEncoding)]
    [InlineData("{\"dream\":1,\"signatures\":[]}", ContractError.MissingField)]
    [InlineData("{\"dream\":1,\"payload\":\"e30=\",\"signatures\":[]}", ContractError.MissingField)]
    [InlineData("{\"dream\":1,\"payload\":\"e30=\",\"signatures\":[{\"signer\":\"x\",\"sig\":\"AAAA\"}]}", ContractError.InvalidValue)]
    [InlineData("{\"dream\":1,\"payload\":\"e30=\",\"signatures\":[],\"extra\":true}", ContractError.ExtraField)]
    public void Malformed_envelopes_get_specific_errors(string message, ContractError expected)
    {
        var error = Assert.Throws<ContractException>(() => SignedEnvelope.Parse(Encoding.UTF8.GetBytes(message)));
        Assert.Equal(expected, error.Error);
    }

    [Fact]
    public void Base64_that_decodes_to_the_same_bytes_but_is_not_canonical_is_refused()
    {
        var envelope = SignedEnvelope.Sign("{\"type\":\"x\"}"u8.ToArray(), _device);
        var text = Encoding.UTF8.GetString(envelope.ToBytes());
        var sig = Convert.ToBase64String(envelope.Signatures[0].Signature.Span);
        // 64 bytes are 86 characters and "==": the last character carries 4 unused bits; setting one keeps the bytes.
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var altered = sig[..85] + Alphabet[Alphabet.IndexOf(sig[85], StringComparison.Ordinal) ^ 1] + "==";
        Assert.Equal(Convert.FromBase64String(sig), Convert.FromBase64String(altered));

        var error = Assert.Throws<ContractException>(() => SignedEnvelope.Parse(Encoding.UTF8.GetBytes(text.Replace(sig, altered, StringComparison.Ordinal))));
        Assert.Equal(ContractError.BadEncoding, error.Error);
        Assert.Contains("canonical", error.Message, StringComparison.Ordinal);
        Assert.Throws<ContractException>(() => SignedEnvelope.Parse(Encoding.UTF8.GetBytes(text.Replace(sig, sig[..40] + " " + sig[40..], StringComparison.Ordinal))));
    }

    [Fact]
    public void Invalid_utf8_is_a_bad_encoding()
    {
        byte[] message = [.. "{\"dream\":1,\"payload\":\""u8, 0xC3, 0x28, .. "\"}"u8];
        Assert.Equal(ContractError.BadEncoding, Assert.Throws<ContractException>(() => SignedEnvelope.Parse(message)).Error);
    }

    [Fact]
    public void A_payload_that_is_not_utf8_is_a_bad_encoding()
    {
        var envelope = SignedEnvelope.Sign(new byte[] { 0xFF, 0xFE, 0x00 }, _device);
        Assert.Equal(ContractError.BadEncoding, Assert.Throws<ContractException>(() => SignedReading.Verify(envelope.ToBytes())).Error);
    }

    [Fact]
    public void Oversize_messages_and_payloads_are_refused()
    {
        var huge = new byte[SignedEnvelope.MaxMessageBytes + 1];
        huge.AsSpan().Fill((byte)' ');
        Assert.Equal(ContractError.Oversize, Assert.Throws<ContractException>(() => SignedEnvelope.Parse(huge)).Error);
        Assert.Equal(ContractError.Oversize, Assert.Throws<ContractException>(() => SignedEnvelope.Sign(new byte[SignedEnvelope.MaxPayloadBytes + 1], _device)).Error);
    }

    [Fact]
    public void Countersigning_adds_a_verifiable_signature_over_the_same_bytes()
    {
        using var authority = Samples.Key("grid authority");
        var envelope = SignedEnvelope.Sign("{}"u8.ToArray(), _device).Countersign(authority);

        var keys = SignedEnvelope.Parse(envelope.ToBytes()).VerifySignatures();

        Assert.Equal([_device.PublicKey, authority.PublicKey], keys);
    }

    [Fact]
    public void A_batch_carries_each_envelope_with_its_own_bytes()
    {
        var passport = new string('b', 64);
        var first = SignedReading.Create(Samples.Reading(_device, passport, 1), _device);
        var second = SignedReading.Create(Samples.Reading(_device, passport, 2, first.Hash), _device);

        var parsed = EnvelopeBatch.Parse(EnvelopeBatch.Serialize([first.Envelope, second.Envelope]));
        var single = EnvelopeBatch.Parse(EnvelopeBatch.Serialize([first.Envelope]));

        Assert.Equal([first.Hash, second.Hash], parsed.Select(e => SignedReading.Verify(e).Hash));
        Assert.Equal(first.Hash, SignedReading.Verify(Assert.Single(single)).Hash);
        Assert.Equal(ContractError.MissingField, Assert.Throws<ContractException>(() => EnvelopeBatch.Parse("[]"u8.ToArray())).Error);
    }
}
