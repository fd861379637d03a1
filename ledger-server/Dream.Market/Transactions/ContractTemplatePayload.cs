using System.Text.Json;
using Dream.Market.Contracts;
using Dream.Market.Json;

namespace Dream.Market.Transactions;

/// <summary>A versioned Ricardian contract template, published by the grid authority as a log entry.</summary>
public sealed record ContractTemplatePayload : MarketPayload
{
    public const int MaxTextLength = 6000;

    public override string Type => PayloadTypes.ContractTemplate;

    public required ContractKind Kind { get; init; }

    /// <summary>1 for a kind's first template, then one more each time.</summary>
    public required long Version { get; init; }

    /// <summary>The text with <c>{{placeholder}}</c> parameters (see <see cref="ContractRenderer"/>).</summary>
    public required string Text { get; init; }

    internal static ContractTemplatePayload Read(StrictFields f)
    {
        var kindText = f.GetString("kind", maxLength: 16);
        var kind = ContractKinds.Parse(kindText)
            ?? throw new MarketException(MarketError.InvalidValue, $"{f.Path("kind")} must be \"promise\" or \"auction\", not \"{kindText}\".");
        var payload = new ContractTemplatePayload
        {
            Kind = kind,
            Version = f.GetPositive("version"),
            Text = f.GetString("text", MaxTextLength),
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
