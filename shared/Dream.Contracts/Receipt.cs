using System.Buffers;
using System.Text.Json;
using Dream.Contracts.Json;
using Dream.Crypto;

namespace Dream.Contracts;

/// <summary>
/// The ledger's receipt for a device's readings (payload type <c>dream.receipt/1</c>), signed by the grid
/// authority: every reading of <see cref="Device"/> with a sequence number up to and including
/// <see cref="ThroughSequence"/> is stored and logged, so the agent may delete them from its outbox.
/// </summary>
public sealed record Receipt
{
    public const string Type = "dream.receipt/1";

    public required string Device { get; init; }

    /// <summary>The highest sequence number such that every reading 1..it is stored (contiguous).</summary>
    public required long ThroughSequence { get; init; }

    /// <summary>Hex SHA-256 of the payload of the reading with <see cref="ThroughSequence"/>.</summary>
    public required string ThroughHash { get; init; }

    /// <summary>The transparency-log index of that reading's entry.</summary>
    public required long LogIndex { get; init; }

    public required long IssuedAtMs { get; init; }

    public byte[] ToPayload()
    {
        Validate(this);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("type", Type);
            writer.WriteString("device", Device);
            writer.WriteNumber("throughSeq", ThroughSequence);
            writer.WriteString("throughHash", ThroughHash);
            writer.WriteNumber("logIndex", LogIndex);
            writer.WriteNumber("issuedAt", IssuedAtMs);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static Receipt ParsePayload(ReadOnlyMemory<byte> payload)
    {
        using var document = StrictJson.Parse(payload, "The receipt payload", ContractError.BadEncoding);
        var o = StrictObject.From(document.RootElement, "receipt");
        var type = o.GetString("type", 64);
        if (type != Type)
        {
            throw new ContractException(ContractError.UnknownVersion, $"receipt.type is \"{type}\"; this build reads \"{Type}\".");
        }

        var receipt = new Receipt
        {
            Device = o.GetString("device", 128),
            ThroughSequence = o.GetInt64("throughSeq"),
            ThroughHash = o.GetString("throughHash", 64),
            LogIndex = o.GetInt64("logIndex"),
            IssuedAtMs = o.GetInt64("issuedAt"),
        };
        o.EnsureNoOtherFields();
        Validate(receipt);
        return receipt;
    }

    /// <summary>Signs a receipt with the grid authority's key.</summary>
    public SignedEnvelope Sign(Ed25519PrivateKey gridAuthority) => SignedEnvelope.Sign(ToPayload(), gridAuthority);

    /// <summary>Parses and verifies a receipt that must be signed by exactly <paramref name="gridAuthority"/>.</summary>
    public static Receipt Verify(ReadOnlyMemory<byte> message, Ed25519PublicKey gridAuthority)
    {
        ArgumentNullException.ThrowIfNull(gridAuthority);
        var envelope = SignedEnvelope.Parse(message);
        var receipt = ParsePayload(envelope.Payload);
        var keys = envelope.VerifySignatures();
        if (keys.Count != 1 || !keys[0].Equals(gridAuthority))
        {
            throw new ContractException(ContractError.SignerMismatch, $"The receipt is not signed by the configured grid authority ({gridAuthority.Did}).");
        }

        return receipt;
    }

    private static void Validate(Receipt r)
    {
        if (!DidKey.TryDecode(r.Device, out _))
        {
            throw new ContractException(ContractError.InvalidValue, "receipt.device is not an Ed25519 did:key.");
        }

        if (r.ThroughSequence < 1 || r.LogIndex < 0 || r.IssuedAtMs <= 0)
        {
            throw new ContractException(ContractError.InvalidValue, "receipt: throughSeq must be 1 or more, logIndex 0 or more, issuedAt a Unix time in ms.");
        }

        if (!Hex.IsSha256(r.ThroughHash))
        {
            throw new ContractException(ContractError.InvalidValue, "receipt.throughHash must be 64 lowercase hex digits.");
        }
    }
}
