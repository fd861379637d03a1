using Dream.Contracts.Json;

namespace Dream.Ledger.Registry;

/// <summary>
/// Payload <c>dream.passport-revocation/1</c>, signed by the grid authority alone: the approved passport
/// <see cref="Passport"/> stops; its device's readings are refused from then on.
/// </summary>
public sealed record PassportRevocation
{
    public const string Type = "dream.passport-revocation/1";
    public const int MaxReasonLength = 500;

    public required string Passport { get; init; }

    public required string Reason { get; init; }

    public required long RevokedAtMs { get; init; }

    public byte[] ToPayload()
    {
        Validate();
        return CanonicalJson.Write(writer =>
        {
            writer.WriteString("type", Type);
            writer.WriteString("passport", Passport);
            writer.WriteString("reason", Reason);
            writer.WriteNumber("revokedAt", RevokedAtMs);
        });
    }

    public static PassportRevocation ParsePayload(ReadOnlyMemory<byte> payload)
    {
        using var document = StrictJson.Parse(payload, "The revocation payload", ContractError.BadEncoding);
        var o = StrictObject.From(document.RootElement, "revocation");
        o.RequireType(Type);
        var result = new PassportRevocation
        {
            Passport = o.GetString("passport", 64),
            Reason = o.GetString("reason", MaxReasonLength),
            RevokedAtMs = o.GetInt64("revokedAt"),
        };
        o.EnsureNoOtherFields();
        result.Validate();
        return result;
    }

    private void Validate()
    {
        if (!Hex.IsSha256(Passport))
        {
            throw new ContractException(ContractError.InvalidValue, "revocation.passport must be a passport id (64 lowercase hex digits).");
        }

        if (string.IsNullOrWhiteSpace(Reason) || Reason.Length > MaxReasonLength)
        {
            throw new ContractException(ContractError.InvalidValue, $"revocation.reason must be 1 to {MaxReasonLength} characters.");
        }

        if (RevokedAtMs <= 0)
        {
            throw new ContractException(ContractError.InvalidValue, "revocation.revokedAt must be a Unix time in milliseconds.");
        }
    }
}
