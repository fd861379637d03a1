using System.Collections.Frozen;

namespace Dream.Market.Money;

/// <summary>
/// The currencies Dream accepts and their ISO 4217 exponents (minor-unit digits): one table, so that every
/// amount a person reads is scaled the same way. A code not listed is refused rather than guessed.
/// </summary>
public static class Iso4217
{
    // ISO 4217 (list one, 2024): the exponent is the number of decimal digits of the minor unit.
    private static readonly FrozenDictionary<string, int> s_exponents = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["AED"] = 2, ["ALL"] = 2, ["AUD"] = 2, ["BAM"] = 2, ["BGN"] = 2, ["BRL"] = 2, ["CAD"] = 2, ["CHF"] = 2,
        ["CNY"] = 2, ["CZK"] = 2, ["DKK"] = 2, ["EUR"] = 2, ["GBP"] = 2, ["GEL"] = 2, ["HKD"] = 2, ["HUF"] = 2,
        ["ILS"] = 2, ["INR"] = 2, ["MAD"] = 2, ["MDL"] = 2, ["MKD"] = 2, ["MXN"] = 2, ["NOK"] = 2, ["NZD"] = 2,
        ["PLN"] = 2, ["RON"] = 2, ["RSD"] = 2, ["SEK"] = 2, ["SGD"] = 2, ["TRY"] = 2, ["UAH"] = 2, ["USD"] = 2,
        ["ZAR"] = 2,
        ["CLP"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KRW"] = 0, ["VND"] = 0, ["XAF"] = 0, ["XOF"] = 0,
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The accepted codes, sorted.</summary>
    public static IReadOnlyList<string> Codes { get; } = [.. s_exponents.Keys.Order(StringComparer.Ordinal)];

    public static bool TryGetExponent(string? code, out int exponent)
    {
        exponent = 0;
        return code is not null && s_exponents.TryGetValue(code, out exponent);
    }

    /// <summary>The code's exponent; an unknown code is refused with <see cref="MarketError.UnknownCurrency"/>.</summary>
    public static int Exponent(string? code) => TryGetExponent(code, out var exponent)
        ? exponent
        : throw new MarketException(MarketError.UnknownCurrency, $"\"{code}\" is not a currency Dream accepts; it knows the ISO 4217 exponents of {string.Join(", ", Codes)}.");
}
