namespace Dream.Cli;

/// <summary>
/// Money a person types: in currency units of the market's currency ("1.75", "1.75 EUR"), parsed exactly into
/// the integer minor units the transaction signs. There is no minor-unit form: "175" always means 175.00.
/// </summary>
public static class MoneyInput
{
    public static long Parse(string option, string text, string currency, bool allowZero)
    {
        ArgumentNullException.ThrowIfNull(text);
        long minor;
        try
        {
            minor = MoneyText.Parse(text, currency);
        }
        catch (FormatException e)
        {
            throw new CliException($"{option}: {e.Message}", e);
        }

        return minor > 0 || (allowZero && minor == 0)
            ? minor
            : throw new CliException($"{option}: the amount must be {(allowZero ? "zero or more" : "more than zero")}, not {MoneyText.Format(minor, currency)}.");
    }
}
