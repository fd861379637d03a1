using Dream.Contracts;
using Dream.Market.State;
using Dream.Market.Transactions;

namespace Dream.Market.Rules;

/// <summary>
/// The market's rules, in one place. <see cref="Validate"/> reads the state, the registry and the readings
/// and either accepts a transaction or names the rule it breaks; <see cref="Apply"/> changes the state and
/// reads nothing but the state and the transaction, so replaying the log reproduces the state exactly.
/// A refused transaction changes nothing.
/// </summary>
public static partial class MarketRules
{
    /// <summary>Null if <paramref name="transaction"/> may be applied now; otherwise the broken rule.</summary>
    public static MarketViolation? Validate(MarketState state, MarketTransaction transaction, MarketContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            if (state.HasApplied(transaction.Id))
            {
                throw new MarketException(MarketError.DuplicateTransaction, $"Transaction {transaction.Id} was already applied.");
            }

            var registry = context.Registry;
            switch (transaction.Payload)
            {
                case TariffPayload p: ValidateTariff(state, transaction, p, registry); break;
                case ContractTemplatePayload p: ValidateTemplate(state, transaction, p, registry); break;
                case AccountCreditPayload p: ValidateCredit(state, transaction, p, registry); break;
                case AccountDebitPayload p: ValidateDebit(state, transaction, p, registry); break;
                case PromiseCreatePayload p: ValidatePromiseCreate(state, transaction, p, registry); break;
                case AuctionCreatePayload p: ValidateAuctionCreate(state, transaction, p, registry); break;
                case BidPayload p: ValidateBid(state, transaction, p, registry); break;
                case AuctionEndPayload p: ValidateAuctionEnd(state, transaction, p, registry); break;
                case SettlePayload p: ValidateSettle(state, transaction, p, registry); break;
                case DeliveryCheckPayload p: ValidateDeliveryCheck(state, transaction, p, context); break;
                case PromiseSplitPayload p: ValidateSplit(state, transaction, p); break;
                case PromiseMergePayload p: ValidateMerge(state, transaction, p); break;
                case PromiseSubstitutePayload p: ValidateSubstitute(state, transaction, p); break;
                default: throw new MarketException(MarketError.UnknownType, $"{transaction.Payload.Type} has no rules.");
            }

            return null;
        }
        catch (MarketException e)
        {
            return e.ToViolation();
        }
    }

    /// <summary>Validates and, if valid, applies. Returns the broken rule, or null when applied.</summary>
    public static MarketViolation? TryApply(MarketState state, MarketTransaction transaction, MarketContext context)
    {
        var violation = Validate(state, transaction, context);
        if (violation is null)
        {
            Apply(state, transaction);
        }

        return violation;
    }

    /// <summary>Applies a transaction that <see cref="Validate"/> accepted against this same state.</summary>
    public static void Apply(MarketState state, MarketTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(transaction);
        switch (transaction.Payload)
        {
            case TariffPayload p: state.AddTariff(p); break;
            case ContractTemplatePayload p: state.AddTemplate(p); break;
            case AccountCreditPayload p: ApplyCredit(state, p); break;
            case AccountDebitPayload p: ApplyDebit(state, p); break;
            case PromiseCreatePayload p: ApplyPromiseCreate(state, transaction, p); break;
            case AuctionCreatePayload p: ApplyAuctionCreate(state, transaction, p); break;
            case BidPayload p: ApplyBid(state, p); break;
            case AuctionEndPayload p: ApplyAuctionEnd(state, p); break;
            case SettlePayload p: ApplySettle(state, p); break;
            case DeliveryCheckPayload p: ApplyDeliveryCheck(state, p); break;
            case PromiseSplitPayload p: ApplySplit(state, transaction, p); break;
            case PromiseMergePayload p: ApplyMerge(state, transaction, p); break;
            case PromiseSubstitutePayload p: ApplySubstitute(state, p); break;
            default: throw new InvalidOperationException($"{transaction.Payload.Type} has no rules.");
        }

        state.MarkApplied(transaction.Id);
    }

    /// <summary>
    /// On admission only (never on replay): the signed time must be within <paramref name="maxSkewMs"/> of
    /// the ledger's clock, so that nobody backdates a bid past a deadline or antedates a promise. A
    /// <c>settle/2</c> instead carries its first signer's window: admitted from its <c>at</c> (not more than
    /// the skew in the future) until its <c>validUntil</c>, so the other party may countersign hours later;
    /// after the window it is refused (<see cref="MarketError.SettlementExpired"/>), replayed or not. A
    /// <c>promise-substitute/1</c> (no deadline) is refused here too: logs keep replaying theirs, nobody adds one.
    /// </summary>
    public static MarketViolation? CheckFreshness(MarketTransaction transaction, long ledgerNowMs, long maxSkewMs)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.Payload is PromiseSubstitutePayload { TypeVersion: < PromiseSubstitutePayload.LatestTypeVersion } old)
        {
            // Replayed, never admitted: a new /1 would get round the deadline /2 enforces.
            return new MarketViolation(MarketError.UnknownType, $"{old.Type} had no deadline and is only replayed from existing logs; sign a {PayloadTypes.PromiseSubstitute2}.");
        }

        var at = transaction.Payload.AtMs;
        if (transaction.Payload is SettlePayload { ValidUntilMs: { } until })
        {
            if ((Int128)at - ledgerNowMs > maxSkewMs)
            {
                return new MarketViolation(MarketError.StaleTimestamp, $"The settlement was signed at {at}, more than {maxSkewMs} ms after the ledger's clock {ledgerNowMs}: the first signer's clock is ahead.");
            }

            return ledgerNowMs <= until
                ? null
                : new MarketViolation(MarketError.SettlementExpired, $"The settlement was valid until {until} ({Utc(until)}); the ledger's clock is {ledgerNowMs} ({Utc(ledgerNowMs)}). The first party must sign a new one.");
        }

        return Int128.Abs((Int128)at - ledgerNowMs) <= maxSkewMs
            ? null
            : new MarketViolation(MarketError.StaleTimestamp, $"The transaction's time {at} is more than {maxSkewMs} ms from the ledger's clock {ledgerNowMs}.");
    }

    /// <summary>A promise id derived from a transaction (parts of a split, the result of a merge).</summary>
    public static string DerivedPromiseId(string transactionId, int index) =>
        Dream.Contracts.Hex.Sha256(System.Text.Encoding.ASCII.GetBytes($"{transactionId}/{index}"));

    private static void RequireSigners(MarketTransaction transaction, params string[] expected)
    {
        if (!SameSigners(transaction, expected))
        {
            throw new MarketException(MarketError.SignerMismatch, $"A {transaction.Payload.Type} must be signed by exactly {Describe(expected)}; it is signed by {Describe(transaction.Signers)}.");
        }
    }

    private static bool SameSigners(MarketTransaction transaction, string[] expected) =>
        transaction.Signers.Count == expected.Length && expected.All(e => transaction.Signers.Contains(e, StringComparer.Ordinal));

    private static string Describe(IEnumerable<string> dids) => string.Join(" + ", dids);

    private static void RequireRegistered(IRegistryView registry, string did, string what)
    {
        if (!ParticipantRoles.IsMarketRole(registry.RoleOf(did)))
        {
            throw new MarketException(MarketError.NotRegistered, $"The {what} {did} is not a registered participant.");
        }
    }

    /// <summary>An amount in a refusal's message, in currency units as the person reading it counts money.</summary>
    private static string Amount(MarketState state, long minor) => Money.MoneyText.Describe(minor, state.Currency);

    private static string Utc(long ms) => ms is < 0 or > 253_402_300_799_999
        ? ms.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string RequireCurrency(MarketState state) =>
        state.Currency ?? throw new MarketException(MarketError.NoTariff, "The grid authority has not published a tariff yet.");
}
