using Dream.Contracts.Json;
using Dream.Crypto;

namespace Dream.Ledger.Registry;

/// <summary>
/// Payload <c>dream.participant/1</c>, signed by the grid authority alone: <see cref="Did"/> takes part
/// in the market with <see cref="Role"/>. See docs/ledger.md.
/// </summary>
public sealed record ParticipantRegistration
{
    public const string Type = "dream.participant/1";
    public const int MaxNameLength = 200;

    public required string Did { get; init; }

    public required ParticipantRole Role { get; init; }

    public required string Name { get; init; }

    public required long RegisteredAtMs { get; init; }

    public byte[] ToPayload()
    {
        Validate();
        return CanonicalJson.Write(writer =>
        {
            writer.WriteString("type", Type);
            writer.WriteString("did", Did);
            writer.WriteString("role", ParticipantRoles.Name(Role));
            writer.WriteString("name", Name);
            writer.WriteNumber("registeredAt", RegisteredAtMs);
        });
    }

    public static ParticipantRegistration ParsePayload(ReadOnlyMemory<byte> payload)
    {
        using var document = StrictJson.Parse(payload, "The participant payload", ContractError.BadEncoding);
        var o = StrictObject.From(document.RootElement, "participant");
        o.RequireType(Type);
        var roleText = o.GetString("role", 32);
        if (!ParticipantRoles.TryParse(roleText, out var role))
        {
            throw new ContractException(ContractError.InvalidValue, $"participant.role \"{roleText}\" is not a known role.");
        }

        var result = new ParticipantRegistration
        {
            Did = o.GetString("did", 128),
            Role = role,
            Name = o.GetString("name", MaxNameLength),
            RegisteredAtMs = o.GetInt64("registeredAt"),
        };
        o.EnsureNoOtherFields();
        result.Validate();
        return result;
    }

    private void Validate()
    {
        if (!DidKey.TryDecode(Did, out _))
        {
            throw new ContractException(ContractError.InvalidValue, "participant.did is not an Ed25519 did:key.");
        }

        if (string.IsNullOrWhiteSpace(Name) || Name.Length > MaxNameLength)
        {
            throw new ContractException(ContractError.InvalidValue, $"participant.name must be 1 to {MaxNameLength} characters.");
        }

        if (RegisteredAtMs <= 0)
        {
            throw new ContractException(ContractError.InvalidValue, "participant.registeredAt must be a Unix time in milliseconds.");
        }
    }
}
