using Dream.Contracts.Json;

namespace Dream.Contracts;

/// <summary>
/// The signed envelope, version 1: <c>{"dream":1,"payload":base64,"signatures":[{"signer":did,"sig":base64}]}</c>.
/// Signatures cover the payload bytes exactly as they travel (base64-decoded); nothing is re-serialized
/// before verifying. See docs/formats.md.
/// </summary>
public sealed class SignedEnvelope
{
    public const int Version = 1;
    public const int MaxMessageBytes = 16 * 1024;
    public const int MaxPayloadBytes = 8 * 1024;
    public const int MaxSignatures = 4;

    private SignedEnvelope(ReadOnlyMemory<byte> payload, IReadOnlyList<EnvelopeSignature> signatures)
    {
        Payload = payload;
        Signatures = signatures;
    }

    /// <summary>The exact signed bytes.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    public IReadOnlyList<EnvelopeSignature> Signatures { get; }

    /// <summary>Signs <paramref name="payload"/> with each key, in order.</summary>
    public static SignedEnvelope Sign(ReadOnlyMemory<byte> payload, params Ed25519PrivateKey[] signers)
    {
        ArgumentNullException.ThrowIfNull(signers);
        if (payload.Length > MaxPayloadBytes)
        {
            throw new ContractException(ContractError.Oversize, $"The payload is {payload.Length} bytes; at most {MaxPayloadBytes} are allowed.");
        }

        var signatures = signers.Select(k => new EnvelopeSignature(k.PublicKey.Did, k.Sign(payload.Span))).ToArray();
        return new SignedEnvelope(payload.ToArray(), signatures);
    }

    /// <summary>A copy with one more signature over the same payload (a countersignature).</summary>
    public SignedEnvelope Countersign(Ed25519PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Signatures.Count >= MaxSignatures)
        {
            throw new ContractException(ContractError.Oversize, $"An envelope carries at most {MaxSignatures} signatures.");
        }

        return new SignedEnvelope(Payload, [.. Signatures, new EnvelopeSignature(key.PublicKey.Did, key.Sign(Payload.Span))]);
    }

    /// <summary>Parses one envelope from the bytes that travelled; does not verify signatures.</summary>
    public static SignedEnvelope Parse(ReadOnlyMemory<byte> message)
    {
        if (message.Length > MaxMessageBytes)
        {
            throw new ContractException(ContractError.Oversize, $"The message is {message.Length} bytes; an envelope is at most {MaxMessageBytes}.");
        }

        using var document = StrictJson.Parse(message, "The message", ContractError.NotEnvelope);
        return FromElement(document.RootElement, "envelope");
    }

    internal static SignedEnvelope FromElement(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("dream", out _))
        {
            throw new ContractException(ContractError.NotEnvelope, $"{path} is not a Dream envelope (a JSON object with a \"dream\" version field).");
        }

        var root = StrictObject.From(element, path);
        var version = root.GetInt64("dream");
        if (version != Version)
        {
            throw new ContractException(ContractError.UnknownVersion, $"{root.Path("dream")} is {version}; this build reads envelope version {Version}.");
        }

        var payload = root.GetBase64("payload", MaxPayloadBytes);
        if (payload.Length > MaxPayloadBytes)
        {
            throw new ContractException(ContractError.Oversize, $"{root.Path("payload")} is {payload.Length} bytes; at most {MaxPayloadBytes} are allowed.");
        }

        var array = root.GetArray("signatures", MaxSignatures);
        root.EnsureNoOtherFields();
        if (array.GetArrayLength() == 0)
        {
            throw new ContractException(ContractError.MissingField, $"{root.Path("signatures")} is empty; an envelope needs at least one signature.");
        }

        var signatures = new List<EnvelopeSignature>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var entry = StrictObject.From(item, $"{root.Path("signatures")}[{index++}]");
            var signer = entry.GetString("signer", maxLength: 128);
            var signature = entry.GetBase64("sig", Ed25519.SignatureSize);
            if (signature.Length != Ed25519.SignatureSize)
            {
                throw new ContractException(ContractError.InvalidValue, $"{entry.Path("sig")} is {signature.Length} bytes; an Ed25519 signature is {Ed25519.SignatureSize}.");
            }

            entry.EnsureNoOtherFields();
            signatures.Add(new EnvelopeSignature(signer, signature));
        }

        return new SignedEnvelope(payload, signatures);
    }

    /// <summary>Verifies every signature over the payload bytes; returns the signers' keys in order.</summary>
    public IReadOnlyList<Ed25519PublicKey> VerifySignatures()
    {
        var keys = new List<Ed25519PublicKey>(Signatures.Count);
        for (var i = 0; i < Signatures.Count; i++)
        {
            var signature = Signatures[i];
            Ed25519PublicKey key;
            try
            {
                key = DidKey.Decode(signature.Signer);
            }
            catch (DidKeyFormatException e)
            {
                throw new ContractException(ContractError.InvalidValue, $"envelope.signatures[{i}].signer: {e.Message}", e);
            }

            if (!key.Verify(Payload.Span, signature.Signature.Span))
            {
                throw new ContractException(ContractError.BadSignature, $"envelope.signatures[{i}] by {signature.Signer} does not verify over the payload.");
            }

            keys.Add(key);
        }

        return keys;
    }

    /// <summary>The bytes that travel.</summary>
    public byte[] ToBytes() => CanonicalJson.WriteValue(WriteTo);

    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("dream", Version);
        writer.WriteBase64String("payload", Payload.Span);
        writer.WriteStartArray("signatures");
        foreach (var signature in Signatures)
        {
            writer.WriteStartObject();
            writer.WriteString("signer", signature.Signer);
            writer.WriteBase64String("sig", signature.Signature.Span);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
