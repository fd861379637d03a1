using System.Globalization;
using System.Text;

namespace Dream.Market.Money;

/// <summary>
/// Amounts as a person reads and types them: integer minor units (what is stored and signed) scaled by the
/// currency's ISO 4217 exponent, exactly, never through a floating-point number. 60 minor units of EUR are
/// "0.60 EUR", 150 of JPY "150 JPY", −5 of KWD "-0.005 KWD". The invariant spelling (a '.' as separator, no
/// grouping) is the one every place prints, so what one command shows another accepts.
/// </summary>
public static class MoneyText
{
    private const int MaxInputLength = 64;

    /// <summary>"0.60 EUR" for 60 minor units of EUR.</summary>
    public static string Format(long minor, string currency) => FormatNumber(minor, currency) + " " + currency;

    /// <summary>
    /// <see cref="Format"/> where the currency is one Dream knows; otherwise (no tariff yet, or a log from before
    /// the currency check) the plain "60 minor units", for messages and summaries that must never fail.
    /// </summary>
    public static string Describe(long minor, string? currency) => Iso4217.TryGetExponent(currency, out _)
        ? Format(minor, currency!)
        : string.Create(CultureInfo.InvariantCulture, $"{minor} minor units");

    /// <summary>The number alone, "0.60" for 60 minor units of EUR.</summary>
    public static string FormatNumber(long minor, string currency)
    {
        var exponent = Iso4217.Exponent(currency);

        // The magnitude as unsigned, so that long.MinValue formats too.
        var magnitude = minor < 0 ? (ulong)(-(minor + 1)) + 1 : (ulong)minor;
        var scale = Pow10(exponent);
        var text = new StringBuilder(24);
        if (minor < 0)
        {
            text.Append('-');
        }

        text.Append((magnitude / scale).ToString(CultureInfo.InvariantCulture));
        if (exponent > 0)
        {
            text.Append('.').Append((magnitude % scale).ToString("D" + exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>
    /// Parses an amount in currency units ("0.60", "0.6", "12", "0.60 EUR", "-1.25") into minor units, exactly.
    /// Refuses more decimals than the currency has, another currency's code, a ',' separator, and anything
    /// outside the 64-bit range, each with a <see cref="FormatException"/> that says which.
    /// </summary>
    public static long Parse(string text, string currency)
    {
        ArgumentNullException.ThrowIfNull(text);
        var exponent = Iso4217.Exponent(currency);
        var input = text.Trim();
        if (input.Length is 0 or > MaxInputLength)
        {
            throw new FormatException($"\"{text}\" is not an amount of {currency}: give a number such as {Example(currency)}.");
        }

        var number = input;
        if (input.Length > 3 && input[^3..].All(char.IsAsciiLetterUpper))
        {
            var code = input[^3..];
            if (code != currency)
            {
                throw new FormatException($"\"{text}\": the market's currency is {currency}, not {code}.");
            }

            number = input[..^3].TrimEnd();
        }

        if (number.Contains(',', StringComparison.Ordinal))
        {
            throw new FormatException($"\"{text}\": write amounts with a '.' as the decimal separator and no grouping, e.g. {Example(currency)}.");
        }

        var negative = number.StartsWith('-');
        var digits = negative ? number[1..] : number;
        var dot = digits.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? digits : digits[..dot];
        var fraction = dot < 0 ? string.Empty : digits[(dot + 1)..];
        if (whole.Length == 0 || !whole.All(char.IsAsciiDigit) || (dot >= 0 && (fraction.Length == 0 || !fraction.All(char.IsAsciiDigit))))
        {
            throw new FormatException($"\"{text}\" is not an amount of {currency}: give a number such as {Example(currency)}.");
        }

        if (fraction.Length > exponent)
        {
            throw new FormatException(exponent == 0
                ? $"\"{text}\": {currency} has no minor unit; give a whole number."
                : $"\"{text}\" has {fraction.Length} decimals; {currency} has {exponent} (its smallest amount is {FormatNumber(1, currency)}).");
        }

        // Int128 holds any 64-digit input's overflow check without wrapping: refuse beyond ±(2^63 − 1) minor units.
        Int128 minor = 0;
        foreach (var c in whole.TrimStart('0') + fraction.PadRight(exponent, '0'))
        {
            minor = (minor * 10) + (c - '0');
            if (minor > long.MaxValue)
            {
                throw new FormatException($"\"{text}\" is too large an amount of {currency}.");
            }
        }

        return (long)(negative ? -minor : minor);
    }

    private static ulong Pow10(int exponent)
    {
        var result = 1UL;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    private static string Example(string currency) => FormatNumber(Iso4217.Exponent(currency) == 0 ? 150 : 175, currency);
}
