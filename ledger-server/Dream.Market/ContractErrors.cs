using Dream.Contracts;

namespace Dream.Market;

/// <summary>The market's code for a refusal of the shared contracts reader, so a market client is told the market's codes.</summary>
internal static class ContractErrors
{
    /// <summary>A refusal of the envelope (<paramref name="inPayload"/> false) or of the payload inside it.</summary>
    public static MarketError ToMarket(ContractError error, bool inPayload) => error switch
    {
        ContractError.NotEnvelope => MarketError.NotEnvelope,
        ContractError.UnknownVersion => inPayload ? MarketError.UnknownType : MarketError.NotEnvelope,
        ContractError.BadEncoding => MarketError.BadEncoding,
        ContractError.MissingField => MarketError.MissingField,
        ContractError.ExtraField => MarketError.ExtraField,
        ContractError.WrongType => MarketError.WrongType,
        ContractError.InvalidValue => MarketError.InvalidValue,
        ContractError.Oversize => MarketError.Oversize,
        ContractError.BadSignature => MarketError.BadSignature,
        ContractError.SignerMismatch => MarketError.SignerMismatch,
        _ => inPayload ? MarketError.BadEncoding : MarketError.NotEnvelope,
    };
}
