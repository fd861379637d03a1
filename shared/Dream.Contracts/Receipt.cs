using System.Buffers;
using Dream.Contracts.Json;

namespace Dream.Contracts;

/// <summary>
/// The ledger's receipt for a device's readings, signed by the grid authority: every reading of
/// <see cref="Device"/> with a sequence number up to and including <see cref="ThroughSequence"/> is stored
/// and logged, so the agent may delete them from its outbox. Version 2 (<c>dream.receipt/2</c>, what the
/// ledger sends) also names what is missing above that (<see cref="Missing"/>, up to <see cref="SeenThrough"/>)
/// and the device's readings refused since the previous receipt (<see cref="Refused"/>). Version 1 is still
/// read. See docs/formats.md.
/// </summary>
public sealed record Receipt
{
    public const string TypeV1 = "dream.receipt/1";
    public const string Type = "dream.receipt/2";

    /// <summary>At most this many missing ranges (the lowest ones) in one receipt.</summary>
    public const int MaxMissingRanges = 16;

    /// <summary>At most this many refused readings in one receipt; the rest are counted in <see cref="RefusedOmitted"/>.</summary>
    public const int MaxRefused = 16;

    public const int MaxReasonLength = 64;

    public const int MaxDetailLength = 200;

    private static readonly SearchValues<char> s_reasonCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_");

    private readonly long? _seenThrough;

    /// <summary>1 or 2: the version <see cref="ToPayload"/> writes and <see cref="ParsePayload"/> read.</summary>
    public int Version { get; init; } = 2;

    public required string Device { get; init; }

    /// <summary>The highest sequence number such that every reading 1..it is stored (contiguous); 0 when reading 1 is not (version 2 only).</summary>
    public required long ThroughSequence { get; init; }

    /// <summary>Hex SHA-256 of the payload of the reading with <see cref="ThroughSequence"/> (64 zeros when it is 0).</summary>
    public required string ThroughHash { get; init; }

    /// <summary>The transparency-log index of that reading's entry (-1 when <see cref="ThroughSequence"/> is 0).</summary>
    public required long LogIndex { get; init; }

    public required long IssuedAtMs { get; init; }

    /// <summary>Every sequence number in (<see cref="ThroughSequence"/>, this] is stored unless it is in <see cref="Missing"/>; <see cref="ThroughSequence"/> unless set.</summary>
    public long SeenThrough
    {
        get => _seenThrough ?? ThroughSequence;
        init => _seenThrough = value;
    }

    /// <summary>The gaps of the device's chain above <see cref="ThroughSequence"/>, ascending, at most <see cref="MaxMissingRanges"/>.</summary>
    public IReadOnlyList<SequenceRange> Missing { get; init; } = [];

    /// <summary>The device's readings refused since the previous receipt, at most <see cref="MaxRefused"/>.</summary>
    public IReadOnlyList<RefusedReading> Refused { get; init; } = [];

    /// <summary>Refusals since the previous receipt that did not fit in <see cref="Refused"/>.</summary>
    public long RefusedOmitted { get; init; }

    public bool Equals(Receipt? other) =>
        other is not null && Version == other.Version && Device == other.Device && ThroughSequence == other.ThroughSequence && ThroughHash == other.ThroughHash
        && LogIndex == other.LogIndex && IssuedAtMs == other.IssuedAtMs && SeenThrough == other.SeenThrough && RefusedOmitted == other.RefusedOmitted
        && Missing.SequenceEqual(other.Missing) && Refused.SequenceEqual(other.Refused);

    public override int GetHashCode() => HashCode.Combine(Device, ThroughSequence, ThroughHash, IssuedAtMs, Missing.Count, Refused.Count);

    public byte[] ToPayload()
    {
        Validate(this);
        return CanonicalJson.WriteValue(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", Version == 1 ? TypeV1 : Type);
            writer.WriteString("device", Device);
            writer.WriteNumber("throughSeq", ThroughSequence);
            writer.WriteString("throughHash", ThroughHash);
            writer.WriteNumber("logIndex", LogIndex);
            writer.WriteNumber("issuedAt", IssuedAtMs);
            if (Version == 2)
            {
                writer.WriteNumber("seenThrough", SeenThrough);
                writer.WriteStartArray("missing");
                foreach (var range in Missing)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("from", range.From);
                    writer.WriteNumber("to", range.To);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteStartArray("refused");
                foreach (var refused in Refused)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("seq", refused.Sequence);
                    writer.WriteString("hash", refused.Hash);
                    writer.WriteString("reason", refused.Reason);
                    writer.WriteString("detail", refused.Detail);
                    writer.WriteBoolean("retry", refused.Retry);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteNumber("refusedOmitted", RefusedOmitted);
            }

            writer.WriteEndObject();
        });
    }

    public static Receipt ParsePayload(ReadOnlyMemory<byte> payload)
    {
        using var document = StrictJson.Parse(payload, "The receipt payload", ContractError.BadEncoding);
        var o = StrictObject.From(document.RootElement, "receipt");
        var type = o.GetString("type", 64);
        var version = type switch
        {
            TypeV1 => 1,
            Type => 2,
            _ => throw new ContractException(ContractError.UnknownVersion, $"receipt.type is \"{type}\"; this build reads \"{TypeV1}\" and \"{Type}\"."),
        };

        var device = o.GetString("device", 128);
        var through = o.GetInt64("throughSeq");
        var hash = o.GetString("throughHash", 64);
        var logIndex = o.GetInt64("logIndex");
        var issuedAt = o.GetInt64("issuedAt");
        var receipt = new Receipt { Version = version, Device = device, ThroughSequence = through, ThroughHash = hash, LogIndex = logIndex, IssuedAtMs = issuedAt };
        if (version == 2)
        {
            var seen = o.GetInt64("seenThrough");
            var missing = new List<SequenceRange>();
            foreach (var item in o.GetArray("missing", MaxMissingRanges).EnumerateArray())
            {
                var range = StrictObject.From(item, "receipt.missing[]");
                missing.Add(new SequenceRange(range.GetInt64("from"), range.GetInt64("to")));
                range.EnsureNoOtherFields();
            }

            var refusals = new List<RefusedReading>();
            foreach (var item in o.GetArray("refused", MaxRefused).EnumerateArray())
            {
                var r = StrictObject.From(item, "receipt.refused[]");
                refusals.Add(new RefusedReading(r.GetInt64("seq"), r.GetString("hash", 64), r.GetString("reason", MaxReasonLength), r.GetString("detail", MaxDetailLength), r.GetBoolean("retry")));
                r.EnsureNoOtherFields();
            }

            receipt = receipt with { SeenThrough = seen, Missing = missing, Refused = refusals, RefusedOmitted = o.GetInt64("refusedOmitted") };
        }

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

    /// <summary>True when <paramref name="reason"/> is a reason name a receipt may carry: 1 to 64 of <c>a-z 0-9 _</c>.</summary>
    public static bool IsReasonName(string? reason) =>
        reason is { Length: > 0 and <= MaxReasonLength } && !reason.AsSpan().ContainsAnyExcept(s_reasonCharacters);

    private static void Validate(Receipt r)
    {
        if (r.Version is not (1 or 2))
        {
            throw new ContractException(ContractError.UnknownVersion, $"receipt version {r.Version} does not exist (1 or 2).");
        }

        if (!DidKey.TryDecode(r.Device, out _))
        {
            throw new ContractException(ContractError.InvalidValue, "receipt.device is not an Ed25519 did:key.");
        }

        if (!Hex.IsSha256(r.ThroughHash))
        {
            throw new ContractException(ContractError.InvalidValue, "receipt.throughHash must be 64 lowercase hex digits.");
        }

        if (r.IssuedAtMs <= 0)
        {
            throw new ContractException(ContractError.InvalidValue, "receipt.issuedAt must be a Unix time in ms.");
        }

        if (r.ThroughSequence == 0 && r.Version == 2)
        {
            if (r.ThroughHash != IntervalReading.GenesisHash || r.LogIndex != -1)
            {
                throw new ContractException(ContractError.InvalidValue, "receipt: with throughSeq 0, throughHash is 64 zeros and logIndex is -1.");
            }
        }
        else if (r.ThroughSequence < 1 || r.LogIndex < 0)
        {
            throw new ContractException(ContractError.InvalidValue, "receipt: throughSeq must be 1 or more (0 only in version 2), logIndex 0 or more.");
        }

        if (r.Version == 1)
        {
            if (r.Missing.Count > 0 || r.Refused.Count > 0 || r.RefusedOmitted != 0 || r.SeenThrough != r.ThroughSequence)
            {
                throw new ContractException(ContractError.InvalidValue, "receipt: a version 1 receipt names neither missing nor refused readings.");
            }

            return;
        }

        ValidateMissing(r);
        ValidateRefused(r);
    }

    private static void ValidateMissing(Receipt r)
    {
        if (r.Missing.Count > MaxMissingRanges)
        {
            throw new ContractException(ContractError.Oversize, $"receipt.missing has {r.Missing.Count} ranges; at most {MaxMissingRanges} are allowed.");
        }

        if (r.SeenThrough < r.ThroughSequence)
        {
            throw new ContractException(ContractError.InvalidValue, "receipt.seenThrough must not be below throughSeq.");
        }

        // Above the contiguous run the next number is missing by definition, and the last stored reading is not.
        if (r.Missing.Count == 0 ? r.SeenThrough != r.ThroughSequence : r.Missing[0].From != r.ThroughSequence + 1 || r.Missing[^1].To >= r.SeenThrough)
        {
            throw new ContractException(ContractError.InvalidValue, "receipt.missing must start right above throughSeq and end below seenThrough (and be empty when seenThrough equals throughSeq).");
        }

        for (var i = 0; i < r.Missing.Count; i++)
        {
            var range = r.Missing[i];
            if (range.From > range.To || (i > 0 && range.From <= r.Missing[i - 1].To + 1))
            {
                throw new ContractException(ContractError.InvalidValue, $"receipt.missing[{i}] ({range.From}-{range.To}) is empty, overlaps or touches the range before it, or is out of order.");
            }
        }
    }

    private static void ValidateRefused(Receipt r)
    {
        if (r.Refused.Count > MaxRefused || r.RefusedOmitted < 0 || (r.RefusedOmitted > 0 && r.Refused.Count < MaxRefused))
        {
            throw new ContractException(ContractError.InvalidValue, $"receipt.refused lists at most {MaxRefused} readings; refusedOmitted (0 or more) counts the rest only when the list is full.");
        }

        for (var i = 0; i < r.Refused.Count; i++)
        {
            var refused = r.Refused[i];
            if (refused.Sequence < 1 || !Hex.IsSha256(refused.Hash) || !IsReasonName(refused.Reason) || refused.Detail is null || refused.Detail.Length > MaxDetailLength)
            {
                throw new ContractException(ContractError.InvalidValue, $"receipt.refused[{i}]: seq 1 or more, hash 64 lowercase hex digits, reason 1 to {MaxReasonLength} of a-z 0-9 _, detail at most {MaxDetailLength} characters.");
            }
        }
    }
}
