using Dream.Market.Contracts;

namespace Dream.Market.Transactions;

/// <summary>
/// A versioned Ricardian contract template, published by the grid authority as a log entry. Its payload type
/// says how its money parameters render: <c>contract-template/1</c> as integer minor units (how contracts
/// already in a log were signed, so they keep their hash), <c>contract-template/2</c> in currency units.
/// </summary>
public sealed record ContractTemplatePayload : MarketPayload
{
    public const int MaxTextLength = 6000;

    /// <summary>The format new templates are published in.</summary>
    public const int LatestFormatVersion = 2;

    public override string Type => FormatVersion switch
    {
        1 => PayloadTypes.ContractTemplate,
        2 => PayloadTypes.ContractTemplate2,
        _ => throw new InvalidOperationException($"A contract template's format is 1 or 2, not {FormatVersion}."),
    };

    public required ContractKind Kind { get; init; }

    /// <summary>1 for a kind's first template, then one more each time.</summary>
    public required long Version { get; init; }

    /// <summary>The text with <c>{{placeholder}}</c> parameters (see <see cref="ContractRenderer"/>).</summary>
    public required string Text { get; init; }

    /// <summary>1: money renders as minor units ("60"); 2: in currency units ("0.60 EUR").</summary>
    public int FormatVersion { get; init; } = LatestFormatVersion;

    internal static ContractTemplatePayload Read(StrictObject f, int formatVersion)
    {
        var kindText = f.GetString("kind", maxLength: 16);
        var kind = ContractKinds.Parse(kindText)
            ?? throw new MarketException(MarketError.InvalidValue, $"{f.Path("kind")} must be \"promise\" or \"auction\", not \"{kindText}\".");
        var payload = new ContractTemplatePayload
        {
            Kind = kind,
            Version = f.GetPositive("version"),
            Text = f.GetString("text", MaxTextLength),
            FormatVersion = formatVersion,
            AtMs = f.GetInt64("at"),
        };
        ContractRenderer.CheckTemplate(kind, payload.Text);
        return payload;
    }

    private protected override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("kind", ContractKinds.Name(Kind));
        writer.WriteNumber("version", Version);
        writer.WriteString("text", Text);
    }
}
