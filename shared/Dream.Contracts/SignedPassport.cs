namespace Dream.Contracts;

/// <summary>
/// A passport with its envelope: signed by the device and by the installer it names (in that order), and
/// later countersigned by the grid authority when it approves the passport.
/// </summary>
public sealed class SignedPassport
{
    private SignedPassport(SignedEnvelope envelope, ProductPassport passport)
    {
        Envelope = envelope;
        Passport = passport;
        Id = Hex.Sha256(envelope.Payload.Span);
    }

    public SignedEnvelope Envelope { get; }

    public ProductPassport Passport { get; }

    /// <summary>The passport id: hex SHA-256 of the payload bytes. Readings name it.</summary>
    public string Id { get; }

    public static SignedPassport Create(ProductPassport passport, Ed25519PrivateKey deviceKey, Ed25519PrivateKey installerKey)
    {
        ArgumentNullException.ThrowIfNull(passport);
        ArgumentNullException.ThrowIfNull(deviceKey);
        ArgumentNullException.ThrowIfNull(installerKey);
        if (passport.Device != deviceKey.PublicKey.Did)
        {
            throw new ArgumentException("The passport names another device than the device key.", nameof(deviceKey));
        }

        if (passport.Installer != installerKey.PublicKey.Did)
        {
            throw new ArgumentException("The passport names another installer than the installer key.", nameof(installerKey));
        }

        return new SignedPassport(SignedEnvelope.Sign(passport.ToPayload(), deviceKey, installerKey), passport);
    }

    public static SignedPassport Verify(ReadOnlyMemory<byte> message) => Verify(SignedEnvelope.Parse(message));

    /// <summary>Verifies every signature and that the first two are the device's and the installer's.</summary>
    public static SignedPassport Verify(SignedEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var passport = ProductPassport.ParsePayload(envelope.Payload);
        envelope.VerifySignatures();
        if (envelope.Signatures.Count < 2)
        {
            throw new ContractException(ContractError.SignerMismatch, "A passport must be signed by its device and its installer.");
        }

        if (envelope.Signatures[0].Signer != passport.Device)
        {
            throw new ContractException(ContractError.SignerMismatch, $"The first signature is by {envelope.Signatures[0].Signer}, not by the device the passport names ({passport.Device}).");
        }

        if (envelope.Signatures[1].Signer != passport.Installer)
        {
            throw new ContractException(ContractError.SignerMismatch, $"The second signature is by {envelope.Signatures[1].Signer}, not by the installer the passport names ({passport.Installer}).");
        }

        return new SignedPassport(envelope, passport);
    }

    /// <summary>The signers after device and installer (the grid authority's approval, once given).</summary>
    public IEnumerable<string> Countersigners => Envelope.Signatures.Skip(2).Select(s => s.Signer);
}
