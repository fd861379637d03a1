using Dream.Contracts;
using Dream.Crypto;

namespace Dream.Market.Transactions;

/// <summary>
/// A market transaction as it travels and is logged: a signed envelope whose payload is a market payload.
/// Parsing verifies every signature; who must have signed is a rule of <see cref="Rules.MarketRules"/>.
/// </summary>
public sealed class MarketTransaction
{
    private MarketTransaction(SignedEnvelope envelope, MarketPayload payload)
    {
        Envelope = envelope;
        Payload = payload;
        Id = Hex.Sha256(envelope.Payload.Span);
        Signers = envelope.Signatures.Select(s => s.Signer).ToArray();
    }

    public SignedEnvelope Envelope { get; }

    public MarketPayload Payload { get; }

    /// <summary>Hex SHA-256 of the payload bytes: the id of the promise, auction or template it creates.</summary>
    public string Id { get; }

    /// <summary>The did:keys that signed, in order, all verified.</summary>
    public IReadOnlyList<string> Signers { get; }

    public static MarketTransaction Create(MarketPayload payload, params Ed25519PrivateKey[] signers)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var bytes = payload.ToPayload();
        return new MarketTransaction(SignedEnvelope.Sign(bytes, signers), payload);
    }

    /// <summary>Parses the bytes that travelled and verifies every signature; failures are typed <see cref="MarketException"/>s.</summary>
    public static MarketTransaction Parse(ReadOnlyMemory<byte> message)
    {
        SignedEnvelope envelope;
        try
        {
            envelope = SignedEnvelope.Parse(message);
        }
        catch (ContractException e)
        {
            throw new MarketException(ContractErrors.ToMarket(e.Error, inPayload: false), e.Message, e);
        }

        var payload = MarketPayloadReader.Parse(envelope.Payload);
        try
        {
            envelope.VerifySignatures();
        }
        catch (ContractException e)
        {
            throw new MarketException(ContractErrors.ToMarket(e.Error, inPayload: false), e.Message, e);
        }

        var signers = envelope.Signatures.Select(s => s.Signer).ToArray();
        if (signers.Distinct(StringComparer.Ordinal).Count() != signers.Length)
        {
            throw new MarketException(MarketError.SignerMismatch, "The same key signed the transaction twice.");
        }

        return new MarketTransaction(envelope, payload);
    }

    /// <summary>A copy with one more signature over the same payload bytes.</summary>
    public MarketTransaction Countersign(Ed25519PrivateKey key) => new(Envelope.Countersign(key), Payload);

    /// <summary>The bytes that travel and that the ledger logs.</summary>
    public byte[] ToBytes() => Envelope.ToBytes();
}
