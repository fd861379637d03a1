namespace Dream.Contracts.Tests;

public sealed class SignedReadingTests : IDisposable
{
    private readonly Ed25519PrivateKey _device = Samples.Key("device");
    private readonly Ed25519PrivateKey _other = Samples.Key("other device");
    private readonly string _passportId = new('a', 64);

    public void Dispose()
    {
        _device.Dispose();
        _other.Dispose();
    }

    [Fact]
    public void A_signed_reading_round_trips_and_hashes_its_payload_bytes()
    {
        var reading = Samples.Reading(_device, _passportId);
        var signed = SignedReading.Create(reading, _device);

        var verified = SignedReading.Verify(signed.Envelope.ToBytes());

        Assert.Equal(reading, verified.Reading);
        Assert.Equal(Hex.Sha256(reading.ToPayload()), verified.Hash);
        Assert.Equal(signed.Hash, verified.Hash);
    }

    [Fact]
    public void The_chain_links_each_reading_to_the_previous_payload_hash()
    {
        var first = SignedReading.Create(Samples.Reading(_device, _passportId, 1), _device);
        var second = SignedReading.Create(Samples.Reading(_device, _passportId, 2, first.Hash), _device);

        Assert.Equal(first.Hash, SignedReading.Verify(second.Envelope.ToBytes()).Reading.PreviousHash);
    }

    [Fact]
    public void Verifying_uses_the_bytes_as_sent_not_a_re_serialization()
    {
        // Same fields, different spacing: a valid signature over these exact bytes must verify as is.
        var payload = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Samples.Reading(_device, _passportId).ToPayload()).Replace(",", ", ", StringComparison.Ordinal));
        var envelope = SignedEnvelope.Sign(payload, _device);

        var verified = SignedReading.Verify(envelope.ToBytes());

        Assert.Equal(payload, verified.Envelope.Payload.ToArray());
        Assert.Equal(Hex.Sha256(payload), verified.Hash);
    }

    [Fact]
    public void A_reading_signed_by_another_key_is_a_signer_mismatch()
    {
        var envelope = SignedEnvelope.Sign(Samples.Reading(_device, _passportId).ToPayload(), _other);

        var error = Assert.Throws<ContractException>(() => SignedReading.Verify(envelope.ToBytes()));
        Assert.Equal(ContractError.SignerMismatch, error.Error);
    }

    [Fact]
    public void A_changed_payload_byte_is_a_bad_signature()
    {
        var signed = SignedReading.Create(Samples.Reading(_device, _passportId), _device);
        var payload = signed.Envelope.Payload.ToArray();
        var text = Encoding.UTF8.GetString(payload).Replace("\"deltaImportWh\":120", "\"deltaImportWh\":121", StringComparison.Ordinal);
        var forged = Rewrap(signed.Envelope, Encoding.UTF8.GetBytes(text));

        var error = Assert.Throws<ContractException>(() => SignedReading.Verify(forged));
        Assert.Equal(ContractError.BadSignature, error.Error);
    }

    [Fact]
    public void Two_signatures_on_a_reading_are_refused()
    {
        var envelope = SignedEnvelope.Sign(Samples.Reading(_device, _passportId).ToPayload(), _device, _device);

        Assert.Equal(ContractError.SignerMismatch, Assert.Throws<ContractException>(() => SignedReading.Verify(envelope.ToBytes())).Error);
    }

    [Theory]
    [InlineData("\"seq\":1,", "", ContractError.MissingField, "reading.seq is missing")]
    [InlineData("\"seq\":1,", "\"seq\":1,\"seq\":2,", ContractError.ExtraField, "more than once")]
    [InlineData("\"seq\":1,", "\"seq\":1,\"bonus\":5,", ContractError.ExtraField, "reading.bonus is not a field")]
    [InlineData("\"seq\":1,", "\"seq\":\"1\",", ContractError.WrongType, "reading.seq must be an integer")]
    [InlineData("\"seq\":1,", "\"seq\":1.0,", ContractError.WrongType, "plain integer")]
    [InlineData("\"seq\":1,", "\"seq\":1e0,", ContractError.WrongType, "plain integer")]
    [InlineData("\"seq\":1,", "\"seq\":99999999999999999999,", ContractError.WrongType, "out of the 64-bit")]
    [InlineData("\"seq\":1,", "\"seq\":0,", ContractError.InvalidValue, "seq must be 1 or more")]
    [InlineData("\"dream.reading/1\"", "\"dream.reading/2\"", ContractError.UnknownVersion, "this build reads")]
    [InlineData("\"minW\":-2150", "\"minW\":null", ContractError.WrongType, "not null")]
    [InlineData("\"deltaImportWh\":120", "\"deltaImportWh\":-5", ContractError.InvalidValue, "cannot be negative")]
    [InlineData("\"flags\":0", "\"flags\":256", ContractError.InvalidValue, "bits this version does not define")]
    public void Each_kind_of_bad_payload_has_its_own_error(string find, string replace, ContractError expected, string message)
    {
        var payload = Encoding.UTF8.GetString(Samples.Reading(_device, _passportId).ToPayload());
        Assert.Contains(find, payload, StringComparison.Ordinal);
        var envelope = SignedEnvelope.Sign(Encoding.UTF8.GetBytes(payload.Replace(find, replace, StringComparison.Ordinal)), _device);

        var error = Assert.Throws<ContractException>(() => SignedReading.Verify(envelope.ToBytes()));
        Assert.Equal(expected, error.Error);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misaligned_interval_is_invalid()
    {
        var reading = Samples.Reading(_device, _passportId) with { StartMs = Samples.IntervalStart + 1000, EndMs = Samples.IntervalStart + 1000 + Samples.FifteenMinutes };

        Assert.Equal(ContractError.InvalidValue, Assert.Throws<ContractException>(() => reading.ToPayload()).Error);
    }

    private static byte[] Rewrap(SignedEnvelope original, byte[] payload)
    {
        var json = $"{{\"dream\":1,\"payload\":\"{Convert.ToBase64String(payload)}\",\"signatures\":[{{\"signer\":\"{original.Signatures[0].Signer}\",\"sig\":\"{Convert.ToBase64String(original.Signatures[0].Signature.Span)}\"}}]}}";
        return Encoding.UTF8.GetBytes(json);
    }
}
