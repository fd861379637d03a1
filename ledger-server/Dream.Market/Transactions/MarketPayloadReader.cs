using Dream.Contracts;

namespace Dream.Market.Transactions;

/// <summary>Parses payload bytes into the payload type they name, strictly, and refuses any non-canonical spelling.</summary>
public static class MarketPayloadReader
{
    public static MarketPayload Parse(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return ParseStrict(payload);
        }
        catch (ContractException e)
        {
            // The shared strict reader speaks the contracts' errors; a market client is told the market's.
            throw new MarketException(ContractErrors.ToMarket(e.Error, inPayload: true), e.Message, e);
        }
    }

    private static MarketPayload ParseStrict(ReadOnlyMemory<byte> payload)
    {
        using var document = StrictJson.Parse(payload, "The payload", ContractError.BadEncoding);
        var fields = StrictObject.From(document.RootElement, "payload");
        var type = fields.GetString("type", maxLength: 64);
        MarketPayload result = type switch
        {
            PayloadTypes.Tariff => TariffPayload.Read(fields),
            PayloadTypes.AccountCredit => AccountCreditPayload.Read(fields),
            PayloadTypes.AccountDebit => AccountDebitPayload.Read(fields),
            PayloadTypes.ContractTemplate => ContractTemplatePayload.Read(fields, formatVersion: 1),
            PayloadTypes.ContractTemplate2 => ContractTemplatePayload.Read(fields, formatVersion: 2),
            PayloadTypes.PromiseCreate => PromiseCreatePayload.Read(fields),
            PayloadTypes.AuctionCreate => AuctionCreatePayload.Read(fields),
            PayloadTypes.Bid => BidPayload.Read(fields),
            PayloadTypes.AuctionEnd => AuctionEndPayload.Read(fields),
            PayloadTypes.Settle => SettlePayload.Read(fields, withValidity: false),
            PayloadTypes.Settle2 => SettlePayload.Read(fields, withValidity: true),
            PayloadTypes.DeliveryCheck => DeliveryCheckPayload.Read(fields),
            PayloadTypes.PromiseSplit => PromiseSplitPayload.Read(fields),
            PayloadTypes.PromiseMerge => PromiseMergePayload.Read(fields),
            PayloadTypes.PromiseSubstitute => PromiseSubstitutePayload.Read(fields, typeVersion: 1),
            PayloadTypes.PromiseSubstitute2 => PromiseSubstitutePayload.Read(fields, typeVersion: 2),
            _ => throw new MarketException(MarketError.UnknownType, $"payload.type \"{type}\" is not a market transaction type this build knows."),
        };
        fields.EnsureNoOtherFields();

        // One spelling per payload, so that a transaction's id (the hash of its bytes) names its content.
        if (!result.ToPayload().AsSpan().SequenceEqual(payload.Span))
        {
            throw new MarketException(MarketError.NotCanonical, $"The {type} payload is valid but not canonical: compact JSON with fields in the documented order.");
        }

        return result;
    }
}
