using Dream.Market.Contracts;
using Dream.Market.State;
using Dream.Market.Transactions;

namespace Dream.Market.Rules;

/// <summary>Tariffs, contract templates, credits and debits: the grid authority's entries.</summary>
public static partial class MarketRules
{
    private static void ValidateTariff(MarketState state, MarketTransaction tx, TariffPayload p, IRegistryView registry)
    {
        RequireSigners(tx, registry.GridAuthority);
        var expected = (state.CurrentTariff?.Version ?? 0) + 1;
        if (p.Version != expected)
        {
            throw new MarketException(MarketError.TariffVersion, $"The next tariff is version {expected}, not {p.Version}.");
        }

        if (state.Currency is { } currency && currency != p.Currency)
        {
            throw new MarketException(MarketError.CurrencyMismatch, $"The market's currency is {currency}; a tariff cannot change it to {p.Currency}.");
        }

        // Every amount is shown in currency units: a currency without a known exponent could not be.
        _ = Money.Iso4217.Exponent(p.Currency);
    }

    private static void ValidateTemplate(MarketState state, MarketTransaction tx, ContractTemplatePayload p, IRegistryView registry)
    {
        RequireSigners(tx, registry.GridAuthority);
        var expected = state.LatestTemplateVersion(p.Kind) + 1;
        if (p.Version != expected)
        {
            throw new MarketException(MarketError.TemplateInvalid, $"The next {ContractKinds.Name(p.Kind)} template is version {expected}, not {p.Version}.");
        }
    }

    private static void ValidateMoneyMovement(MarketState state, MarketTransaction tx, string account, string currency, string reference, IRegistryView registry)
    {
        RequireSigners(tx, registry.GridAuthority);
        var marketCurrency = RequireCurrency(state);
        if (currency != marketCurrency)
        {
            throw new MarketException(MarketError.CurrencyMismatch, $"The market trades in {marketCurrency}, not {currency}.");
        }

        if (account == registry.GridAuthority)
        {
            throw new MarketException(MarketError.RoleNotAllowed, "The grid authority has no market account: its fees are counted apart.");
        }

        RequireRegistered(registry, account, "account");
        if (state.IsReferenceUsed(reference))
        {
            throw new MarketException(MarketError.DuplicateReference, $"The payment reference \"{reference}\" was already used.");
        }
    }

    private static void ValidateCredit(MarketState state, MarketTransaction tx, AccountCreditPayload p, IRegistryView registry)
    {
        ValidateMoneyMovement(state, tx, p.Account, p.Currency, p.Reference, registry);
        MarketMath.CheckedAdd(state.TotalCredited, p.Amount);
        MarketMath.CheckedAdd(state.AccountOf(p.Account).Total, p.Amount);
    }

    private static void ValidateDebit(MarketState state, MarketTransaction tx, AccountDebitPayload p, IRegistryView registry)
    {
        ValidateMoneyMovement(state, tx, p.Account, p.Currency, p.Reference, registry);
        var available = state.AccountOf(p.Account).Available;
        if (available < p.Amount)
        {
            throw new MarketException(MarketError.InsufficientFunds, $"{p.Account} has {Amount(state, available)} available; cannot debit {Amount(state, p.Amount)}.");
        }
    }

    private static void ApplyCredit(MarketState state, AccountCreditPayload p)
    {
        state.GetOrCreateAccount(p.Account).Available += p.Amount;
        state.TotalCredited += p.Amount;
        state.UseReference(p.Reference);
    }

    private static void ApplyDebit(MarketState state, AccountDebitPayload p)
    {
        state.GetOrCreateAccount(p.Account).Available -= p.Amount;
        state.TotalDebited += p.Amount;
        state.UseReference(p.Reference);
    }
}
