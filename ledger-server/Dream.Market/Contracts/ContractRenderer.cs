using System.Globalization;
using System.Text;
using Dream.Contracts;
using Dream.Market.Money;
using Dream.Market.Transactions;

namespace Dream.Market.Contracts;

/// <summary>
/// Renders a Ricardian contract from a template and a transaction's parameters, deterministically: every
/// <c>{{name}}</c> is replaced by the parameter's invariant text and nothing else changes. The contract's
/// identity is the hex SHA-256 of the rendered text's UTF-8 bytes. Anyone holding the template entry and
/// the transaction can re-render the text and compare the hash the transaction carries. Money parameters
/// (deposit, penalty and fee rates, base price) render as the template's format says: integer minor units
/// for <c>contract-template/1</c>, which is how contracts already in a log were signed, and currency units
/// ("0.60 EUR", <see cref="MoneyText"/>) for <c>contract-template/2</c>.
/// </summary>
public static class ContractRenderer
{
    private const long MaxRenderableMs = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

    private static readonly string[] s_promiseParameters =
    [
        "supplier", "passport", "amountWh", "start", "end", "startUtc", "endUtc", "currency", "deposit",
        "penaltyPerKwh", "gridFeePerKwh", "graceMs", "tariffVersion", "templateVersion",
    ];

    private static readonly string[] s_auctionParameters =
    [
        "promise", "owner", "basePrice", "currency", "deadline", "deadlineUtc", "templateVersion",
    ];

    /// <summary>The parameter names a template of <paramref name="kind"/> may use.</summary>
    public static IReadOnlyList<string> ParameterNames(ContractKind kind) =>
        kind == ContractKind.Promise ? s_promiseParameters : s_auctionParameters;

    /// <summary>Refuses a template with an unknown or unterminated placeholder.</summary>
    public static void CheckTemplate(ContractKind kind, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var known = ParameterNames(kind);
        foreach (var name in Placeholders(text))
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw new MarketException(MarketError.TemplateInvalid, $"The {ContractKinds.Name(kind)} template uses {{{{{name}}}}}, which is not one of: {string.Join(", ", known)}.");
            }
        }
    }

    public static string Render(string template, IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(parameters);
        var output = new StringBuilder(template.Length + 256);
        var position = 0;
        while (true)
        {
            var open = template.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                output.Append(template, position, template.Length - position);
                return output.ToString();
            }

            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new MarketException(MarketError.TemplateInvalid, $"The template has an unterminated placeholder at character {open}.");
            }

            var name = template[(open + 2)..close];
            if (!parameters.TryGetValue(name, out var value))
            {
                throw new MarketException(MarketError.TemplateInvalid, $"The template uses {{{{{name}}}}}, which has no value.");
            }

            output.Append(template, position, open - position).Append(value);
            position = close + 2;
        }
    }

    /// <summary>Hex SHA-256 of the text's UTF-8 bytes: the contract's identity.</summary>
    public static string Hash(string renderedText) => Hex.Sha256(Encoding.UTF8.GetBytes(renderedText));

    public static IReadOnlyDictionary<string, string> PromiseParameters(PromiseCreatePayload promise, TariffPayload tariff, int formatVersion)
    {
        ArgumentNullException.ThrowIfNull(promise);
        ArgumentNullException.ThrowIfNull(tariff);
        var money = MoneyRenderer(formatVersion, tariff.Currency);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["supplier"] = promise.Supplier,
            ["passport"] = promise.Passport,
            ["amountWh"] = Integer(promise.AmountWh),
            ["start"] = Integer(promise.StartMs),
            ["end"] = Integer(promise.EndMs),
            ["startUtc"] = Utc(promise.StartMs),
            ["endUtc"] = Utc(promise.EndMs),
            ["currency"] = tariff.Currency,
            ["deposit"] = money(promise.Deposit),
            ["penaltyPerKwh"] = money(tariff.PenaltyPerKwh),
            ["gridFeePerKwh"] = money(tariff.GridFeePerKwh),
            ["graceMs"] = Integer(tariff.GraceMs),
            ["tariffVersion"] = Integer(tariff.Version),
            ["templateVersion"] = Integer(promise.Template),
        };
    }

    public static IReadOnlyDictionary<string, string> AuctionParameters(AuctionCreatePayload auction, string currency, int formatVersion)
    {
        ArgumentNullException.ThrowIfNull(auction);
        ArgumentNullException.ThrowIfNull(currency);
        var money = MoneyRenderer(formatVersion, currency);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["promise"] = auction.Promise,
            ["owner"] = auction.Owner,
            ["basePrice"] = money(auction.BasePrice),
            ["currency"] = currency,
            ["deadline"] = Integer(auction.DeadlineMs),
            ["deadlineUtc"] = Utc(auction.DeadlineMs),
            ["templateVersion"] = Integer(auction.Template),
        };
    }

    /// <summary>The promise's contract text, rendered from <paramref name="template"/> as its format says.</summary>
    public static string RenderPromise(ContractTemplatePayload template, PromiseCreatePayload promise, TariffPayload tariff)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Render(template.Text, PromiseParameters(promise, tariff, template.FormatVersion));
    }

    /// <summary>The auction's contract text, rendered from <paramref name="template"/> as its format says.</summary>
    public static string RenderAuction(ContractTemplatePayload template, AuctionCreatePayload auction, string currency)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Render(template.Text, AuctionParameters(auction, currency, template.FormatVersion));
    }

    private static Func<long, string> MoneyRenderer(int formatVersion, string currency) => formatVersion switch
    {
        1 => Integer,
        2 => minor => MoneyText.Format(minor, currency),
        _ => throw new ArgumentOutOfRangeException(nameof(formatVersion), formatVersion, "A contract template's format is 1 or 2."),
    };

    private static IEnumerable<string> Placeholders(string text)
    {
        var position = 0;
        while (true)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                yield break;
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new MarketException(MarketError.TemplateInvalid, $"The template has an unterminated placeholder at character {open}.");
            }

            yield return text[(open + 2)..close];
            position = close + 2;
        }
    }

    private static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Utc(long ms)
    {
        if (ms is < 0 or > MaxRenderableMs)
        {
            throw new MarketException(MarketError.InvalidValue, $"The time {ms} ms is outside 1970..9999 and cannot be rendered in a contract.");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
