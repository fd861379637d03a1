namespace Dream.Contracts;

/// <summary>A reading with its envelope: signed by exactly one key, the device the reading names.</summary>
public sealed class SignedReading
{
    private SignedReading(SignedEnvelope envelope, IntervalReading reading)
    {
        Envelope = envelope;
        Reading = reading;
        Hash = Hex.Sha256(envelope.Payload.Span);
    }

    public SignedEnvelope Envelope { get; }

    public IntervalReading Reading { get; }

    /// <summary>Hex SHA-256 of the payload bytes: what the next reading's <c>prev</c> carries.</summary>
    public string Hash { get; }

    public static SignedReading Create(IntervalReading reading, Ed25519PrivateKey deviceKey)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(deviceKey);
        if (reading.Device != deviceKey.PublicKey.Did)
        {
            throw new ArgumentException("The reading names another device than the signing key.", nameof(deviceKey));
        }

        return new SignedReading(SignedEnvelope.Sign(reading.ToPayload(), deviceKey), reading);
    }

    /// <summary>Parses the bytes that travelled and verifies them; any failure is a typed <see cref="ContractException"/>.</summary>
    public static SignedReading Verify(ReadOnlyMemory<byte> message) => Verify(SignedEnvelope.Parse(message));

    public static SignedReading Verify(SignedEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Signatures.Count != 1)
        {
            throw new ContractException(ContractError.SignerMismatch, $"A reading carries exactly one signature, the device's; this one has {envelope.Signatures.Count}.");
        }

        var reading = IntervalReading.ParsePayload(envelope.Payload);
        envelope.VerifySignatures();
        if (envelope.Signatures[0].Signer != reading.Device)
        {
            throw new ContractException(ContractError.SignerMismatch, $"The reading is signed by {envelope.Signatures[0].Signer}, not by the device it names ({reading.Device}).");
        }

        return new SignedReading(envelope, reading);
    }
}
